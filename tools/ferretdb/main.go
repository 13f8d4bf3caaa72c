// Command ferretdb runs the embeddable FerretDB v1 server: a MongoDB wire-protocol server backed by
// SQLite (default, self-contained) or PostgreSQL.
//
// It exists because `go install github.com/FerretDB/FerretDB/cmd/ferretdb` builds a binary that
// panics at start (its version.txt is not in the module zip); the embeddable package does not need it.
//
// Contract: prints one line "ferretdb listening on HOST:PORT" to stdout once it accepts connections,
// and exits cleanly on SIGINT or SIGTERM.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen-addr", "127.0.0.1:27017", "TCP address to listen on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	sqliteDir := flag.String("sqlite-dir", "", "directory for the SQLite backend (created if missing)")
	postgresURL := flag.String("postgresql-url", "postgres://postgres@127.0.0.1:5432/ferretdb", "PostgreSQL URL for the postgresql backend")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	flag.Parse()

	var level slog.Level
	if err := level.UnmarshalText([]byte(*logLevel)); err != nil {
		fail("bad -log-level %q: %v", *logLevel, err)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	config := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Logger:   logger,
		Handler:  *handler,
	}
	switch *handler {
	case "sqlite":
		if *sqliteDir == "" {
			fail("-sqlite-dir is required with -handler sqlite")
		}
		dir, err := filepath.Abs(*sqliteDir)
		if err != nil {
			fail("bad -sqlite-dir: %v", err)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			fail("cannot create %s: %v", dir, err)
		}
		config.SQLiteURL = "file:" + strings.TrimSuffix(dir, "/") + "/"
	case "postgresql":
		config.PostgreSQLURL = *postgresURL
	default:
		fail("unknown -handler %q (want sqlite or postgresql)", *handler)
	}

	server, err := ferretdb.New(config)
	if err != nil {
		fail("cannot start: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = server.Run(ctx)
	}()

	// Announce readiness only once the port accepts connections.
	deadline := time.Now().Add(30 * time.Second)
	for {
		conn, err := net.DialTimeout("tcp", *listen, 200*time.Millisecond)
		if err == nil {
			conn.Close()
			break
		}
		if time.Now().After(deadline) {
			fail("not listening on %s after 30s: %v", *listen, err)
		}
		select {
		case <-done:
			fail("stopped before listening on %s", *listen)
		case <-time.After(50 * time.Millisecond):
		}
	}
	fmt.Printf("ferretdb listening on %s\n", *listen)

	<-done
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "ferretdb: "+format+"\n", args...)
	os.Exit(2)
}
