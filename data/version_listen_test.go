package data

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// twoPostgresServers opens two stores on one fresh PostgreSQL database, as two servers would, with
// one metric to write figures of; it skips unless the tests run on PostgreSQL.
func twoPostgresServers(t testing.TB) (a, b *Store) {
	t.Helper()
	ctx := context.Background()
	a = newInternalStore(t)
	if a.dialect != Postgres {
		t.Skip("LISTEN/NOTIFY is PostgreSQL's: run with PJSX_TEST_STORE=postgres")
	}
	if err := a.Tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{
			`INSERT INTO categories (code, name_zh, name_en) VALUES ('c', 'c', 'c')`,
			`INSERT INTO metrics (code, category, name_zh, name_en, unit_zh, unit_en, kind) VALUES ('m', 'c', 'm', 'm', '人', 'people', 'count')`,
			`INSERT INTO regions (code, name_zh, name_en, province_zh, province_en) VALUES ('sanhe', '三河市', 'Sanhe', '河北省', 'Hebei')`,
		} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, a.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b
}

// saveFigure writes a figure of metric m on s as a form save does: figures only, so only m's
// version and the data version move.
func saveFigure(t testing.TB, s *Store, period string) int64 {
	t.Helper()
	ctx := context.Background()
	if err := s.TxFigures(ctx, func(tx *sql.Tx) error {
		cf, err := checkFigure(ctx, tx, FigureInput{Metric: "m", Region: "sanhe", Period: period, Value: 1, Source: "s", By: "t"})
		if err != nil {
			return err
		}
		_, err = insertFigure(ctx, tx, cf, false)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	v, err := s.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// awaitListening waits until s's listener is (up) or is not (!up) listening. It waits for the
// listener's own news, with a deadline that only a hung listener reaches.
func awaitListening(t testing.TB, s *Store, up bool) {
	t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		s.vmu.Lock()
		now, news := s.listen.up, s.listen.newsLocked()
		s.vmu.Unlock()
		if now == up {
			return
		}
		select {
		case <-news:
		case <-deadline:
			t.Fatalf("the listener never became up=%v", up)
		}
	}
}

// versionOfM is what b says the version of a view of metric m is.
func versionOfM(t *testing.T, s *Store) int64 {
	t.Helper()
	v, err := s.VersionOf(context.Background(), Shows{Metrics: []string{"m"}})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// A listening server answers Version from memory, and a save on another server reaches it by the
// save's notification: one read then takes it in, including the saved metric's own version.
func TestListeningServerHearsSavesWithoutReadingPerRequest(t *testing.T) {
	ctx := context.Background()
	a, b := twoPostgresServers(t)
	if _, err := b.Version(ctx); err != nil { // a server's first request starts its listener
		t.Fatal(err)
	}
	awaitListening(t, b, true)
	reads := b.versionReads.Load()
	for range 100 {
		if _, err := b.Version(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := b.versionReads.Load() - reads; n != 0 {
		t.Errorf("100 requests while listening read the version %d times; want 0", n)
	}

	saved := saveFigure(t, a, "2023")
	heard, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.AwaitVersion(heard, saved); err != nil {
		t.Fatalf("B never heard A's save: %v", err)
	}
	if v := versionOfM(t, b); v != saved {
		t.Errorf("after A's save B says metric m is at version %d; want %d", v, saved)
	}
	reads = b.versionReads.Load()
	for range 100 {
		if v, err := b.Version(ctx); err != nil || v != saved {
			t.Fatalf("B's version %d (%v); want %d", v, err, saved)
		}
	}
	if n := b.versionReads.Load() - reads; n != 0 {
		t.Errorf("after taking in A's save, 100 requests read the version %d times; want 0", n)
	}
}

// A listener whose connection is killed leaves the server reading the version on every request
// until it has reconnected; after reconnecting it reads once, so a save made while it was down,
// which no request had seen, is not missed; and it hears saves again.
func TestDroppedListenerFallsBackToReadsAndReconnects(t *testing.T) {
	ctx := context.Background()
	a, b := twoPostgresServers(t)
	if _, err := b.Version(ctx); err != nil {
		t.Fatal(err)
	}
	awaitListening(t, b, true)
	release, redialing := make(chan struct{}), make(chan struct{}, 1)
	b.vmu.Lock()
	pid := b.listen.pid
	b.listen.beforeRedial = func(ctx context.Context) {
		select {
		case redialing <- struct{}{}:
		default:
		}
		select { // held down until the test has written behind its back
		case <-release:
		case <-ctx.Done():
		}
	}
	b.vmu.Unlock()

	raw, err := OpenRaw(a.path)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var ended bool
	if err := raw.QueryRowContext(ctx, `SELECT pg_terminate_backend(?)`, int64(pid)).Scan(&ended); err != nil || !ended {
		t.Fatalf("pg_terminate_backend(%d) = %v, %v", pid, ended, err)
	}
	awaitListening(t, b, false)
	<-redialing

	// Down: the save's notification goes to nobody, but requests read the version.
	first := saveFigure(t, a, "2022")
	reads := b.versionReads.Load()
	if v := versionOfM(t, b); v != first {
		t.Errorf("with the listener down B says metric m is at %d; want %d (A's save)", v, first)
	}
	if b.versionReads.Load() == reads {
		t.Error("with the listener down B answered without reading the version")
	}
	// Another save while down that no request of B sees before the listener is back.
	second := saveFigure(t, a, "2021")

	close(release)
	awaitListening(t, b, true)
	b.vmu.Lock()
	newPID := b.listen.pid
	b.vmu.Unlock()
	if newPID == pid || newPID == 0 {
		t.Errorf("listening backend after reconnecting = %d, before %d; want a new one", newPID, pid)
	}
	reads = b.versionReads.Load()
	if v := versionOfM(t, b); v != second {
		t.Errorf("after reconnecting B says metric m is at %d; want %d (the save made while it was down)", v, second)
	}
	if n := b.versionReads.Load() - reads; n != 0 {
		t.Errorf("the reconnected listener left %d reads to the request; it reads once itself", n)
	}

	third := saveFigure(t, a, "2020")
	heard, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.AwaitVersion(heard, third); err != nil {
		t.Fatalf("the reconnected listener never heard A's next save: %v", err)
	}
	if v := versionOfM(t, b); v != third {
		t.Errorf("after reconnecting and A's next save B says metric m is at %d; want %d", v, third)
	}
}

// A quiet listener asks its connection whether it lives (a heartbeat) and goes on listening on the
// same connection: the wait that timed out did not break it.
func TestQuietListenerKeepsItsConnectionAndHears(t *testing.T) {
	ctx := context.Background()
	a, b := twoPostgresServers(t)
	b.vmu.Lock()
	b.listen.heartbeat = 10 * time.Millisecond
	b.vmu.Unlock()
	if _, err := b.Version(ctx); err != nil {
		t.Fatal(err)
	}
	awaitListening(t, b, true)
	deadline := time.After(20 * time.Second)
	b.vmu.Lock()
	pid := b.listen.pid
	for b.listen.beats < 3 {
		news := b.listen.newsLocked()
		b.vmu.Unlock()
		select {
		case <-news:
		case <-deadline:
			t.Fatal("no three heartbeats")
		}
		b.vmu.Lock()
	}
	up, now := b.listen.up, b.listen.pid
	b.vmu.Unlock()
	if !up || now != pid {
		t.Fatalf("after three heartbeats: listening %v on backend %d, was %d", up, now, pid)
	}
	saved := saveFigure(t, a, "2023")
	heard, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := b.AwaitVersion(heard, saved); err != nil {
		t.Fatalf("B never heard A's save after its heartbeats: %v", err)
	}
	if v := versionOfM(t, b); v != saved {
		t.Errorf("B says metric m is at %d; want %d", v, saved)
	}
}

// BenchmarkSaveHeardByOtherServer is how long after a save has committed another server knows of
// it: the notification's trip, what LISTEN/NOTIFY adds to "a save on one server shows on the
// other". The save itself is not timed.
func BenchmarkSaveHeardByOtherServer(b *testing.B) {
	ctx := context.Background()
	a, other := twoPostgresServers(b)
	if _, err := other.Version(ctx); err != nil {
		b.Fatal(err)
	}
	awaitListening(b, other, true)
	for i := range b.N {
		b.StopTimer()
		if err := a.TxFigures(ctx, func(tx *sql.Tx) error {
			cf, err := checkFigure(ctx, tx, FigureInput{Metric: "m", Region: "sanhe", Period: "2023", Value: float64(i), Source: "s", By: "t"})
			if err != nil {
				return err
			}
			_, err = insertFigure(ctx, tx, cf, false)
			return err
		}); err != nil {
			b.Fatal(err)
		}
		saved, _ := a.Version(ctx)
		b.StartTimer()
		if err := other.AwaitVersion(ctx, saved); err != nil {
			b.Fatal(err)
		}
	}
}
