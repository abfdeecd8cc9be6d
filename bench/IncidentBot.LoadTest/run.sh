#!/usr/bin/env bash
# Publishes the bot in Release and runs the load script against it. Figures go to docs/benchmarks.md by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet publish src/IncidentBot -c Release -o artifacts/bot --nologo -v quiet
dotnet run -c Release --project bench/IncidentBot.LoadTest -- artifacts/bot/IncidentBot.dll "$@"
