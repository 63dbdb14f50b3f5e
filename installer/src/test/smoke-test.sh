#!/usr/bin/env bash
# Checks the .deb as a user would get it: its control file and desktop entry, then the packaged
# command line (models, a one-epoch training run, export, predict) and the packaged workbench under
# Xvfb (open the window, save a screenshot, exit 0), all from a read-only install tree. As root with
# apt (CI), the real package is installed with apt-get, run from /opt and removed again; elsewhere it
# is unpacked into the work folder.
#   smoke-test.sh PACKAGES_DIR WORK_DIR
set -euo pipefail
packages=$1
work=$2
rm -rf "$work"
mkdir -p "$work"
deb=$(ls "$packages"/unfreeze_*.deb | head -n 1)
echo "== $deb ($(du -h "$deb" | cut -f1)); app-image $(du -sh "$packages/Unfreeze" | cut -f1)"

depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
grep -q 'libgtk-3-0' <<<"$depends" || { echo "the Depends line lacks libgtk-3-0" >&2; exit 1; }

installed=no
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  # apt-get (not dpkg -i) pulls the dependencies, as the README tells users to install it
  apt-get install -y -q "$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")" >"$work/apt-install.log" 2>&1 || {
    cat "$work/apt-install.log" >&2; echo "the package did not install" >&2; exit 1; }
  installed=yes
  # a failed check below must not leave the package on the machine
  trap '[ "$installed" = yes ] && apt-get remove -y -q unfreeze >/dev/null 2>&1 || true' EXIT
  app=/opt/unfreeze
  [ "$(readlink /usr/bin/unfreeze)" = /opt/unfreeze/bin/unfreeze-command ] || { echo "no /usr/bin/unfreeze after installing" >&2; exit 1; }
  command=/usr/bin/unfreeze
else
  dpkg-deb -x "$deb" "$work/root"
  app="$work/root/opt/unfreeze"
  command="$app/bin/unfreeze-command"
fi
launcher="$app/bin/Unfreeze"
echo "installed size: $(du -sh "$app" | cut -f1)"
desktop=$(find "$app" -type f -name '*.desktop' | head -n 1)
[ -n "$desktop" ] || { echo "no desktop entry in the package" >&2; exit 1; }
cat "$desktop"
grep -q '^Exec=/opt/unfreeze/bin/Unfreeze' "$desktop" || { echo "the desktop entry does not start /opt/unfreeze/bin/Unfreeze" >&2; exit 1; }
grep -q '^Categories=.*Development' "$desktop" || { echo "the desktop entry is not in the Development menu" >&2; exit 1; }
grep -q '^Icon=' "$desktop" || { echo "the desktop entry has no icon" >&2; exit 1; }

# An installation folder may be read-only: everything writable must go to per-user folders.
chmod -R a-w "$app"
export UNFREEZE_HOME="$work/home"
export XDG_CACHE_HOME="$work/cache"
samples="$app/lib/app/samples"

"$launcher" models | tee "$work/models.txt"
grep -q fashion_cnn "$work/models.txt"
# the native image decoders are in the package, for this OS and processor (the others are left out)
"$launcher" engine | tee "$work/engine.txt"
grep -q '^webp .*libwebp' "$work/engine.txt" || { echo "libwebp did not load in the package" >&2; exit 1; }
grep -q '^large-jpeg .*decoded at 1/2' "$work/engine.txt" || { echo "OpenCV did not load in the package" >&2; exit 1; }
# A zip of the sample, as a user would send it: inspected (the ImageIO plug-ins are in the image), then trained on.
jar --create --no-manifest --file "$work/sample.zip" -C "$samples" fashion-mnist-5-9
"$launcher" data inspect "$work/sample.zip" | tee "$work/inspect.txt"
grep -q 'Ready to train' "$work/inspect.txt"
"$command" train --model fashion_cnn --data "$work/sample.zip" --schedule gradual --epochs 1 --out "$work/run"
"$command" export --run "$work/run" --out "$work/model"
# The ONNX export, and ONNX's own checker on it (Debian's python3-onnx, which CI installs for the system's Python).
"$command" export --run "$work/run" --out "$work/onnx" --format onnx --half
python=python3
[ -x /usr/bin/python3 ] && python=/usr/bin/python3
for file in model.onnx model-fp16.onnx; do
  if "$python" -c 'import onnx' 2>/dev/null; then
    "$python" -c 'import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)' "$work/onnx/$file" || {
      echo "onnx.checker rejects the exported $file" >&2; exit 1; }
    echo "== onnx.checker accepts $file"
  else
    echo "== python3-onnx is not installed: $file not checked"
  fi
done
image=$(ls "$samples/fashion-mnist-5-9-heldout/Bag/"*.png | head -n 1)
"$command" predict --model "$work/model" "$image" | tee "$work/predict.txt"
grep -q 'Bag\|Sandal\|Shirt\|Sneaker\|Ankle boot' "$work/predict.txt"

# The native library unpacks into the per-user cache, not into the installation.
env -u GLIBC_TUNABLES -u THP_MEM_ALLOC_ENABLE "$launcher" engine | tee "$work/engine.txt"
grep -q "cache .*$XDG_CACHE_HOME" "$work/engine.txt" || { echo "the engine cache is not per-user" >&2; exit 1; }
# The command on the PATH runs the engine with its memory settings (the launcher alone has glibc's defaults).
grep -q '^memory .*glibc defaults' "$work/engine.txt" || { echo "the bare launcher's memory settings are not reported" >&2; exit 1; }
env -u GLIBC_TUNABLES -u THP_MEM_ALLOC_ENABLE -u DNNL_MAX_CPU_ISA "$command" engine | tee "$work/command-engine.txt"
grep -q '^memory .*tuned' "$work/command-engine.txt" || { echo "the unfreeze command does not set the engine's memory settings" >&2; exit 1; }
grep -q '^convolutions .*capped at AVX2' "$work/command-engine.txt" || { echo "the unfreeze command does not cap oneDNN" >&2; exit 1; }

xvfb-run -a -s "-screen 0 1280x900x24" timeout 180 "$launcher" --screenshot "$work/window.png"
[ -s "$work/window.png" ] || { echo "the workbench saved no screenshot" >&2; exit 1; }
mkdir -p "$(dirname "$work")/screenshots"
cp "$work/window.png" "$(dirname "$work")/screenshots/installed-workbench.png"
chmod -R u+w "$app"
if [ "$installed" = yes ]; then
  apt-get remove -y -q unfreeze >"$work/apt-remove.log" 2>&1 || {
    cat "$work/apt-remove.log" >&2; echo "the package did not remove cleanly" >&2; exit 1; }
  [ ! -e /opt/unfreeze/bin/Unfreeze ] || { echo "/opt/unfreeze/bin/Unfreeze is still there after removal" >&2; exit 1; }
  [ ! -e /usr/bin/unfreeze ] || { echo "/usr/bin/unfreeze is still there after removal" >&2; exit 1; }
  installed=no
  echo "== installed with apt-get, run from /opt, removed cleanly"
fi
echo "== the packaged command line and workbench work"
