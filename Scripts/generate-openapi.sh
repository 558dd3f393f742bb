#!/usr/bin/env bash
# Regenerates the committed OpenAPI types and server stubs from Sources/KeruenAPI/openapi.yaml.
# The generator is built in its own package so the main build never depends on it.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tool="$root/Scripts/openapi-generator"
swift build --package-path "$tool" --scratch-path "$root/.build-openapi" -c release --product swift-openapi-generator
rm -rf "$root/Sources/KeruenAPI/Generated"
"$root/.build-openapi/release/swift-openapi-generator" generate \
  --config "$root/Sources/KeruenAPI/openapi-generator-config.yaml" \
  --output-directory "$root/Sources/KeruenAPI/Generated" \
  "$root/Sources/KeruenAPI/openapi.yaml"
echo "regenerated Sources/KeruenAPI/Generated"
