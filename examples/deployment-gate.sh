#!/usr/bin/env bash
# A deployment gate for a CI pipeline: refuse to roll out unless govflow's approval attestation for exactly this
# model version (and artifact) verifies offline with the engine's public keys, is unexpired and was not issued while
# the system was suspended. Needs only the attestation file and the JWKS (`govflow keys export`), no server.
#
#   ATTESTATION=attestation.json ENGINE_JWKS=govflow-jwks.json MODEL_VERSION=1.4.0 \
#   ARTIFACT_DIGEST=sha256:... MAX_AGE=15m examples/deployment-gate.sh
# An attestation says what held when it was issued: fetch a fresh one for each deployment and set MAX_AGE, so one kept
# from before a suspension is refused.
set -euo pipefail
: "${ATTESTATION:?path of the attestation (govflow attest <systemId> --out ...)}"
: "${ENGINE_JWKS:?path of the engine public keys (govflow keys export)}"
: "${MODEL_VERSION:?the model version about to be deployed}"
GOVFLOW=${GOVFLOW:-govflow}

args=(attest verify "$ATTESTATION" --key "$ENGINE_JWKS" --version "$MODEL_VERSION")
if [[ -n "${ARTIFACT_DIGEST:-}" ]]; then args+=(--artifact-digest "$ARTIFACT_DIGEST"); fi
if [[ -n "${MAX_AGE:-}" ]]; then args+=(--max-age "$MAX_AGE"); fi
if [[ -n "${AT:-}" ]]; then args+=(--at "$AT"); fi  # check validity at another instant than now (replays, tests)

# shellcheck disable=SC2086 # GOVFLOW may be a command with arguments (e.g. "npx govflow")
if ! $GOVFLOW "${args[@]}"; then
  echo "deployment gate: refusing to deploy version $MODEL_VERSION" >&2
  exit 1
fi
echo "deployment gate: version $MODEL_VERSION may be deployed"
