#!/usr/bin/env bash
# The web teams' view of the contract, run by .ci/run: the TypeScript types openapi-typescript generates from
# openapi/openapi.yaml compile with tsc --strict (with usage.ts, which uses them as a web app would), and
# Redocly's recommended rules report no error. Versions are pinned in package.json / package-lock.json.
set -euo pipefail
cd "$(dirname "$0")"
npm ci --no-audit --no-fund --loglevel=error
rm -rf generated
npx --no-install openapi-typescript ../../../openapi/openapi.yaml -o generated/api.d.ts
npx --no-install tsc -p tsconfig.json
npx --no-install redocly lint ../../../openapi/openapi.yaml --config redocly.yaml --format=stylish
echo "contract (web): TypeScript types compile with --strict; Redocly lint: no errors"
