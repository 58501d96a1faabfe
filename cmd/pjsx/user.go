package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/user"
	"strings"

	"pjsx/data"
)

// parseInterleaved parses flags that may come before or after the positional arguments and
// returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// shellActor is who the audit names for a change made from the shell.
func shellActor() data.Actor {
	name := "shell"
	if u, err := user.Current(); err == nil {
		name = "shell:" + u.Username
	}
	return data.Actor{Name: name, Addr: "local"}
}

// userCmd is `pjsx user add|passwd|disable|enable NAME [--role R] [--regions a,b] [--password-stdin] [--db F]`.
// Without --password-stdin a random password is made and printed once.
func userCmd(log *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("user", flag.ContinueOnError)
	dbPath := fs.String("db", envOr("PJSX_DB", "pjsx.db"), "SQLite database file or postgres://… address")
	role := fs.String("role", data.RoleEditor, "viewer, editor, reviewer or admin (add)")
	regions := fs.String("regions", "", "comma-separated region codes an editor is limited to (add); empty: all")
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of stdin")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return errors.New("usage: pjsx user add|passwd|disable|enable NAME [--role viewer|editor|reviewer|admin] [--regions a,b] [--db FILE]")
	}
	action, name := pos[0], pos[1]
	ctx := context.Background()
	store, err := openStore(ctx, log, *dbPath)
	if err != nil {
		return err
	}
	defer store.Close()
	password := ""
	if action == "add" || action == "passwd" {
		if password, err = readPassword(*fromStdin); err != nil {
			return err
		}
	}
	switch action {
	case "add":
		var rs []string
		for _, r := range strings.Split(*regions, ",") {
			if r = strings.TrimSpace(r); r != "" {
				rs = append(rs, r)
			}
		}
		_, err = store.AddUser(ctx, shellActor(), data.UserInput{Name: name, Role: *role, Regions: rs, Password: password})
	case "passwd":
		err = store.SetPassword(ctx, shellActor(), name, password)
	case "disable":
		err = store.DisableUser(ctx, shellActor(), name)
	case "enable":
		err = store.EnableUser(ctx, shellActor(), name)
	default:
		return fmt.Errorf("pjsx user: unknown action %q (add, passwd, disable or enable)", action)
	}
	if err != nil {
		return err
	}
	if password != "" && !*fromStdin {
		fmt.Printf("%s: password %s (shown once)\n", name, password)
	}
	fmt.Printf("user %s: %s done\n", name, action)
	return nil
}

func readPassword(fromStdin bool) (string, error) {
	if !fromStdin {
		return data.RandomPassword(), nil
	}
	line, err := bufio.NewReader(os.Stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// createFirstAdmin makes the account "admin" on a database with no account yet and prints its
// one-time password to the terminal, once.
func createFirstAdmin(ctx context.Context, store *data.Store) error {
	password, created, err := store.EnsureAdmin(ctx)
	if err != nil || !created {
		return err
	}
	fmt.Fprintf(os.Stderr, "\n  created the account admin; its one-time password (shown only now): %s\n"+
		"  change it with: pjsx user passwd admin --db %s\n\n", password, data.RedactDSN(store.Path()))
	return nil
}
