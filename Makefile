# pjsx: `make run` serves a seeded pjsx.db on http://127.0.0.1:8080; `make test` runs every test.
GO ?= go
DB ?= pjsx.db
ADDR ?= 127.0.0.1:8080
ASSET_SRC := $(wildcard templates/static/src/*.js templates/static/src/*.mjs)

.PHONY: run build assets test test-deps bench fuzz clean

run: build
	./bin/pjsx serve --db $(DB) --addr $(ADDR)

build: assets
	$(GO) build -o bin/pjsx ./cmd/pjsx

assets: templates/static/dist/app.js

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

templates/static/dist/app.js: node_modules/.package-lock.json $(ASSET_SRC)
	npm run build

# Browser tests need Debian's Chromium, briefing tests poppler-utils and LibreOffice Writer, the
# PostgreSQL run Debian's postgresql; .ci/deps installs what is missing (as root).
test-deps:
	bash .ci/deps

# Everything on SQLite, then the store and handler tests again on a throwaway PostgreSQL
# (data/pgtest; they skip without PostgreSQL, and fail under CI=true).
test: assets test-deps
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	PJSX_TEST_STORE=postgres $(GO) test -count=1 -skip 'Browser|Screenshot' ./data/... ./dashboard

# Each fuzz target for FUZZTIME (CI: 5s); what they find goes to testdata/fuzz/<target>/.
FUZZTIME ?= 10s
FUZZ_TARGETS := FuzzImportFile:./data FuzzChartQuery:./dashboard FuzzNewFigureForm:./dashboard \
	FuzzPageKey:./dashboard FuzzRequestBodyLimits:./dashboard FuzzFlatPNG:./dashboard/chart/image
fuzz:
	@set -e; for t in $(FUZZ_TARGETS); do \
		echo "fuzz $${t%%:*} for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t%%:*}$$" -fuzztime $(FUZZTIME) $${t##*:}; \
	done

bench: build
	bash .ci/bench

clean:
	rm -rf bin templates/static/dist
