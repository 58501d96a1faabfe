package data

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
)

// PostgreSQL servers learn of each other's writes by LISTEN/NOTIFY (issue 17). Every write
// transaction that moves the data version sends the new version on versionChannel; PostgreSQL
// delivers it when the transaction commits. Each server keeps one connection listening, so a
// request takes the version from memory instead of a round trip to the database.
//
// Correctness does not depend on the listener: while it is not listening (before it first
// connects, after its connection drops, when LISTEN fails) every request reads the version as
// before (the shared read, version_read.go), and after it (re)connects it reads the version once,
// because notifications sent meanwhile went to nobody. A new version is taken in by catchUp only:
// a notification just marks the version heard, and the next request reads up to it.

// versionChannel is the channel data versions are announced on.
const versionChannel = "pjsx_version"

// listenHeartbeat is how long the listener waits for a notification before it asks whether its
// connection still answers: a connection that died without a word (a cut cable) hears nothing,
// and this bounds how long that can go unnoticed.
const listenHeartbeat = 5 * time.Second

// versionListener is the state of a Store's listening connection. Its fields but stop and done
// are guarded by Store.vmu.
type versionListener struct {
	started, closed bool
	stop            context.CancelFunc
	done            chan struct{} // closed when the listening goroutine ended

	up    bool          // LISTEN is in force and the version was read after it: every commit is heard
	heard int64         // the newest data version a notification announced
	news  chan struct{} // closed (and replaced) when up or heard changes: AwaitVersion waits on it
	pid   uint32        // the listening connection's backend, while up (tests end it)
	beats int           // heartbeats the connection answered

	// For tests: the heartbeat, if not listenHeartbeat (read when the listener starts), and a
	// hook run before every reconnect (to hold the listener down).
	heartbeat    time.Duration
	beforeRedial func(context.Context)
}

// NotifyVersion announces, within tx, that tx moves the data version to version; the other
// servers on this PostgreSQL database hear it when tx commits. Every write of a Store does it;
// tools and tests that bump the version through a pool of their own (OpenRaw) must do it too.
// On SQLite it does nothing: other processes see the write-ahead log move.
func (s *Store) NotifyVersion(ctx context.Context, tx *sql.Tx, version int64) error {
	if s.dialect != Postgres {
		return nil
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_notify(?, ?)`, versionChannel, strconv.FormatInt(version, 10)); err != nil {
		return fmt.Errorf("data: notify version: %w", err)
	}
	return nil
}

// AwaitVersion returns once this store's Version says at least n without reading the database,
// or reads it on every call (the listener is down, or was never started because Version was never
// asked): for tests and tools that wrote through another store or connection and must know this
// store has taken the write in. It waits for a notification in flight, never for a timer.
func (s *Store) AwaitVersion(ctx context.Context, n int64) error {
	if s.dialect != Postgres {
		return nil
	}
	for {
		s.vmu.Lock()
		if !s.listen.up || max(s.version, s.listen.heard) >= n {
			s.vmu.Unlock()
			return nil
		}
		news := s.listen.newsLocked()
		s.vmu.Unlock()
		select {
		case <-news:
		case <-ctx.Done():
			return fmt.Errorf("data.AwaitVersion %d: %w", n, ctx.Err())
		}
	}
}

// newsLocked is the channel closed at the next change of up or heard.
func (l *versionListener) newsLocked() chan struct{} {
	if l.news == nil {
		l.news = make(chan struct{})
	}
	return l.news
}

// tellLocked wakes every AwaitVersion.
func (l *versionListener) tellLocked() {
	if l.news != nil {
		close(l.news)
		l.news = nil
	}
}

// startListening starts the listener on first use: a server asks for versions on every request,
// a command that opens the store for one job never does and needs no extra connection.
func (s *Store) startListening() {
	s.vmu.Lock()
	defer s.vmu.Unlock()
	if s.listen.started || s.listen.closed {
		return
	}
	s.listen.started = true
	ctx, stop := context.WithCancel(context.Background())
	s.listen.stop, s.listen.done = stop, make(chan struct{})
	beat := s.listen.heartbeat
	if beat == 0 {
		beat = listenHeartbeat
	}
	go s.listenLoop(ctx, s.listen.done, beat)
}

// stopListening ends the listener and waits until its connection is closed (a database with a
// connection open can be neither dropped nor copied as a template).
func (s *Store) stopListening() {
	s.vmu.Lock()
	s.listen.closed = true
	stop, done := s.listen.stop, s.listen.done
	s.vmu.Unlock()
	if stop != nil {
		stop()
		<-done
	}
}

// listenLoop keeps a listening connection until ctx ends, reconnecting after a failure with a
// growing pause.
func (s *Store) listenLoop(ctx context.Context, done chan struct{}, beat time.Duration) {
	defer close(done)
	pause := 50 * time.Millisecond
	for {
		wasUp, err := s.listenOnce(ctx, beat)
		s.vmu.Lock()
		s.listen.up, s.listen.pid = false, 0
		hook := s.listen.beforeRedial
		s.listen.tellLocked()
		s.vmu.Unlock()
		if ctx.Err() != nil {
			return
		}
		slog.Warn("data: not listening for other servers' writes; reading the version on every request until it reconnects",
			"err", err)
		if wasUp {
			pause = 50 * time.Millisecond // it was up: try again soon
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, 5*time.Second)
		if hook != nil {
			hook(ctx)
		}
	}
}

// listenOnce connects, listens and takes in notifications until the connection fails or ctx
// ends, asking the connection whether it lives after beat without one; up says whether it got
// as far as listening.
func (s *Store) listenOnce(ctx context.Context, beat time.Duration) (up bool, err error) {
	cfg, err := pgx.ParseConfig(s.path)
	if err != nil {
		return false, err
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer func() {
		closing, cancel := context.WithTimeout(context.Background(), time.Second)
		conn.Close(closing)
		cancel()
	}()
	if _, err := conn.Exec(ctx, "LISTEN "+versionChannel); err != nil {
		return false, err
	}
	// From here every commit is heard; one that committed before is in this read.
	if _, err := s.readVersion(ctx); err != nil {
		return false, err
	}
	s.vmu.Lock()
	s.listen.up, s.listen.pid = true, conn.PgConn().PID()
	s.listen.tellLocked()
	s.vmu.Unlock()
	for {
		wait, cancel := context.WithTimeout(ctx, beat)
		n, err := conn.WaitForNotification(wait)
		cancel()
		switch {
		case ctx.Err() != nil:
			return true, ctx.Err()
		case err != nil && wait.Err() != nil && !conn.IsClosed():
			// Quiet for a while: make sure the connection still answers.
			ping, cancel := context.WithTimeout(ctx, listenHeartbeat)
			err = conn.Ping(ping)
			cancel()
			if err != nil {
				return true, fmt.Errorf("heartbeat: %w", err)
			}
			s.vmu.Lock()
			s.listen.beats++
			s.listen.tellLocked()
			s.vmu.Unlock()
			continue
		case err != nil:
			return true, err
		}
		v, err := strconv.ParseInt(n.Payload, 10, 64)
		if err != nil {
			// Not a version this code sent: do not guess, start again (which reads the version).
			return true, errors.New("notification with payload " + strconv.Quote(n.Payload))
		}
		s.vmu.Lock()
		s.listen.heard = max(s.listen.heard, v)
		s.listen.tellLocked()
		s.vmu.Unlock()
	}
}
