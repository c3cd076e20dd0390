#!/usr/bin/env bash
# Build the one-folder desktop bundle into build/dist/soc2wizard and run its
# self-check offscreen. Usage: packaging/build.sh [PYTHON]
set -euo pipefail
cd "$(dirname "$0")/.."
py=${1:-.venv/bin/python}
"$py" -m pip install -q "pyinstaller>=6.3"
"$py" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath build/dist --workpath build/work packaging/soc2wizard.spec
QT_QPA_PLATFORM=offscreen build/dist/soc2wizard/soc2wizard --self-check
echo "bundle: build/dist/soc2wizard ($(du -sh build/dist/soc2wizard | cut -f1))"
