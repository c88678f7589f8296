# Every target creates .venv when it is missing and installs the project into it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The quiz closed in June 2021: `make run` previews the site as of a day the quiz was open.
FORMS_PREVIEW_NOW ?= 2021-06-20T12:00:00+02:00

.PHONY: run test build serve check lint bench clean system-packages
.PHONY: hooks deploy deploy-tools review-build review-deploy review-stop
.PHONY: cms lock

# Exactly what CI tested: every distribution pinned with its hashes in requirements.lock
# (`make lock` after changing pyproject.toml's dependencies), then the project itself.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

# Resolve pyproject.toml's dependencies (all extras) anew into requirements.lock, with hashes.
LOCK_TOOLS := $(VENV)/lock-tools
lock:
	test -x $(LOCK_TOOLS)/bin/pip-compile || \
		{ $(PYTHON) -m venv $(LOCK_TOOLS) && $(LOCK_TOOLS)/bin/pip install --quiet pip-tools; }
	$(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
		--extra test --extra bench --extra hooks --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NPM_STAMP)

run: $(STAMP) $(NPM_STAMP)
	FORMS_PREVIEW_NOW=$(FORMS_PREVIEW_NOW) $(BIN)/python build.py
	FORMS_PREVIEW_NOW=$(FORMS_PREVIEW_NOW) $(BIN)/python -m forms.devserver --host $(HOST) --port $(PORT)

build: $(STAMP) $(NPM_STAMP)
	$(BIN)/python build.py

check: $(STAMP)
	$(BIN)/python build.py check

serve: $(STAMP) $(NPM_STAMP)
	$(BIN)/python build.py serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Chromium, nginx, wrk, Java, ...: installed as root, else the exact command is printed first.
system-packages:
	scripts/system-packages

test: system-packages $(STAMP) $(NPM_STAMP) lint
	$(BIN)/pytest

bench: $(STAMP) $(NPM_STAMP)
	$(BIN)/python bench/run_all.py

# Editors: edit in the browser at http://127.0.0.1:8001/admin/ ("Login" needs no account here).
# decap-server (loopback only) writes what the CMS saves into content/; the preview reloads.
CMS_PORT ?= 8081
cms: $(STAMP) $(NPM_STAMP)
	PORT=$(CMS_PORT) BIND_HOST=127.0.0.1 MODE=fs GIT_REPO_DIRECTORY="$(CURDIR)" \
		node_modules/.bin/decap-server & server=$$!; \
	trap 'kill $$server' EXIT INT TERM; \
	CMS_LOCAL_BACKEND_URL=http://127.0.0.1:$(CMS_PORT)/api/v1 $(BIN)/python build.py serve

# Editors: refuse a commit whose content `build.py check` rejects (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

# Publishing, as the pipeline (.gitlab-ci.yml) does it and a person can do it by hand. Settings
# come from the environment (documented in .gitlab-ci.yml); recipes read them as shell variables,
# so a branch name is never pasted into a command line. Review copies use their own variables
# (REVIEW_*): a merge request can never build for SITE_URL or deploy to DEPLOY_PATH.
SITE_DIR ?= site
export REVIEW_BRANCH REVIEW_URL REVIEW_ROOT REVIEW_SLUG
export DEPLOY_HOST DEPLOY_USER DEPLOY_PATH DEPLOY_RELOAD SSH_PRIVATE_KEY SSH_KNOWN_HOSTS
DEPLOY_SSH ?= ssh -o BatchMode=yes -o StrictHostKeyChecking=yes \
	$(if $(SSH_PRIVATE_KEY),-o IdentitiesOnly=yes -i $(SSH_PRIVATE_KEY)) \
	$(if $(SSH_KNOWN_HOSTS),-o UserKnownHostsFile=$(SSH_KNOWN_HOSTS))
_need = test -n "$$$(1)" || { echo "$(1) fehlt: $(2)" >&2; exit 2; }
_need_server = $(call _need,DEPLOY_HOST,der Webserver (z. B. web1.kassel.de)) && \
	$(call _need,DEPLOY_USER,der SSH-Benutzer auf dem Webserver)
# ssh refuses a key file others may read; CI writes "File" variables with looser modes.
_key_mode = test -z "$$SSH_PRIVATE_KEY" || chmod 600 "$$SSH_PRIVATE_KEY"
_need_slug = printf '%s' "$$REVIEW_SLUG" | grep -Eqx '[a-z0-9][a-z0-9-]{0,62}' || \
	{ echo "REVIEW_SLUG fehlt oder ist kein Kurzname (a-z, 0-9, -)" >&2; exit 2; }
_need_build = test -f "$(SITE_DIR)/index.html" || \
	{ echo "$(SITE_DIR)/ hat keine gebaute Website; zuerst make build" >&2; exit 2; }
# Mirror the build to the server; --delay-updates swaps the files in at the end.
_rsync = rsync -rlz --checksum --delete --delay-updates -e "$(DEPLOY_SSH)" \
	"$(SITE_DIR)/" "$$DEPLOY_USER@$$DEPLOY_HOST:$(1)/"

# Copy the built site to DEPLOY_USER@DEPLOY_HOST:DEPLOY_PATH; files gone from the build go too.
deploy:
	@$(_need_server) && $(call _need,DEPLOY_PATH,der Ordner der Website auf dem Webserver)
	@$(_need_build)
	@$(_key_mode)
	$(call _rsync,$$DEPLOY_PATH)
	@test -z "$$DEPLOY_RELOAD" || $(DEPLOY_SSH) "$$DEPLOY_USER@$$DEPLOY_HOST" "$$DEPLOY_RELOAD"

# A merge request's copy: built for REVIEW_URL, a banner naming REVIEW_BRANCH, noindex everywhere.
review-build: $(STAMP) $(NPM_STAMP)
	@$(call _need,REVIEW_BRANCH,der Name des Zweigs (die Vorschau nennt ihn im Banner))
	@$(call _need,REVIEW_URL,die Adresse der Vorschau (z. B. https://vorschau.example.org/zweig/))
	SITE_URL="$$REVIEW_URL" $(BIN)/python build.py --site "$(SITE_DIR)"

# Copy the review build to REVIEW_ROOT/REVIEW_SLUG on the web server.
review-deploy:
	@$(_need_server) && $(call _need,REVIEW_ROOT,der Ordner der Vorschauen auf dem Webserver)
	@$(_need_slug)
	@$(_need_build)
	@$(_key_mode)
	$(call _rsync,$$REVIEW_ROOT/$$REVIEW_SLUG)

# Remove a merge request's review copy when the merge request is closed or merged.
review-stop:
	@$(_need_server) && $(call _need,REVIEW_ROOT,der Ordner der Vorschauen auf dem Webserver)
	@$(_need_slug)
	@$(_key_mode)
	$(DEPLOY_SSH) "$$DEPLOY_USER@$$DEPLOY_HOST" rm -rf -- "$$REVIEW_ROOT/$$REVIEW_SLUG"

# CI images without rsync or ssh get them from Debian (needs root, as in CI).
deploy-tools:
	command -v rsync >/dev/null && command -v ssh >/dev/null || \
		{ apt-get update -qq && apt-get install -y -qq --no-install-recommends rsync openssh-client; }

clean:
	rm -rf site instance .pytest_cache test-artifacts
