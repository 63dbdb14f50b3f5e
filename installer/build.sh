#!/usr/bin/env bash
# Builds Unfreeze's native packages with jpackage and a runtime trimmed by jlink.
#   installer/build.sh VERSION MAIN_JAR TARGET_DIR TYPE...
# TYPE is app-image, deb, rpm, msi, exe or dmg; each must be built on its own OS.
# The input is app/target/installer-input (the app jar, its runtime jars and the sample data),
# which the installer profile of the Maven build prepares.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
version=$1
main_jar=$2
out=$3
shift 3
input="$root/installer/target/input"
# The JDK modules the application's jars need (jdeps over every jar, plus the unsafe, naming and TLS
# modules that JavaFX, Logback and downloads load reflectively). --jlink-options replaces jpackage's
# defaults, so those are repeated here, except --strip-native-commands: the runtime keeps bin/java,
# which starts the training worker and helper processes.
modules=java.base,java.compiler,java.desktop,java.logging,java.management,java.naming,java.sql,java.xml,jdk.unsupported,jdk.crypto.ec
jlink_options="--strip-debug --no-header-files --no-man-pages"
common=(--name Unfreeze --app-version "$version" --vendor "Unfreeze"
        --description "A workbench for transfer learning: adapt pretrained networks to your images."
        --copyright "Unfreeze contributors")
# How the launcher starts the JVM; only an app-image takes these (the packages wrap that image).
launch=(--java-options "-Xmx6g" --java-options "-Dunfreeze.sample=\$APPDIR/samples/fashion-mnist-5-9")
# The JDK's own jpackage when JAVA_HOME names one, else the one on the PATH.
jpackage() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then "$JAVA_HOME/bin/jpackage" "$@"; else command jpackage "$@"; fi
}
mkdir -p "$out"
rm -rf "$out/Unfreeze" "$out/Unfreeze.app"
case "$(uname -s)" in
  Linux*) icon="$root/assets/icons/unfreeze.png"; os=linux ;;
  Darwin*) icon="$root/installer/macos/unfreeze.icns"; os=macos ;;
  *) icon="$root/assets/icons/unfreeze.ico"; os=windows ;;
esac
icon_args=()
[ -f "$icon" ] && icon_args=(--icon "$icon")
# OpenCV's jar carries its native library for every OS and processor (110 MB); each package keeps only
# its own (65 MB on Linux x86-64), which nu.pattern.OpenCV finds by the same OS and processor names.
jar_tool() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jar" ]; then "$JAVA_HOME/bin/jar" "$@"; else command jar "$@"; fi
}
thin_opencv() {
  local jar keep tmp
  jar=$(ls "$input"/opencv-*.jar 2>/dev/null | head -n 1 || true)
  [ -n "$jar" ] || return 0
  case "$os/$(uname -m)" in
    linux/x86_64) keep=linux/x86_64 ;;
    linux/aarch64) keep=linux/ARMv8 ;;
    macos/arm64) keep=osx/ARMv8 ;;
    macos/x86_64) keep=osx/x86_64 ;;
    *) keep=windows/x86_64 ;;
  esac
  tmp=$(mktemp -d)
  (cd "$tmp" && jar_tool --extract --file "$jar")
  for dir in "$tmp"/nu/pattern/opencv/*/*/; do
    case "$dir" in */nu/pattern/opencv/$keep/) ;; *) rm -rf "$dir" ;; esac
  done
  mv "$tmp/META-INF/MANIFEST.MF" "$tmp.manifest"
  rm -f "$jar"
  jar_tool --create --file "$jar" --manifest "$tmp.manifest" -C "$tmp" .
  rm -rf "$tmp" "$tmp.manifest"
  echo "kept OpenCV's $keep library: $(du -h "$jar" | cut -f1)"
}
for type in $*; do  # Maven passes the types as one word list
  case "$type" in
    app-image)
      thin_opencv
      jpackage --type app-image "${common[@]}" "${launch[@]}" "${icon_args[@]}" --input "$input" \
        --main-jar "$main_jar" --main-class dev.unfreeze.app.Main \
        --add-modules "$modules" --jlink-options "$jlink_options" --dest "$out"
      if [ "$os" = linux ]; then  # the command line's wrapper: the engine's memory settings, then the launcher
        install -m 755 "$here/linux-command/unfreeze-command" "$out/Unfreeze/bin/unfreeze-command"
      fi ;;
    deb|rpm)
      jpackage --type "$type" "${common[@]}" --app-image "$out/Unfreeze" --dest "$out" \
        --resource-dir "$here/linux" --linux-package-name unfreeze --linux-menu-group Development \
        --linux-shortcut --linux-app-category devel --linux-package-deps libgtk-3-0 \
        "${icon_args[@]}" ;;
    msi|exe)
      jpackage --type "$type" "${common[@]}" --app-image "$out/Unfreeze" --dest "$out" \
        --resource-dir "$here/windows" --win-menu --win-menu-group Unfreeze --win-shortcut --win-dir-chooser \
        --win-upgrade-uuid 6f2b8c2e-5f0e-4d0c-9a53-0b5e3c1e7a11 "${icon_args[@]}" ;;
    dmg|pkg)
      jpackage --type "$type" "${common[@]}" --app-image "$out/Unfreeze.app" --dest "$out" \
        --resource-dir "$here/macos" --mac-package-identifier dev.unfreeze.workbench \
        --mac-package-name Unfreeze "${icon_args[@]}" ;;
    *) echo "unknown package type $type" >&2; exit 2 ;;
  esac
done
echo "built in $out (on $os):"
ls -la "$out"
