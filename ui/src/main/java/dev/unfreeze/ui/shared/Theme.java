package dev.unfreeze.ui.shared;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;

/**
 * The window's look: AtlantaFX's Primer theme, light or dark. The choice follows
 * {@code UNFREEZE_THEME} (light or dark) when set, otherwise the desktop's preference (GNOME's
 * colour scheme, a GTK theme whose name says dark), otherwise light. The workbench's own style
 * sheet uses the theme's colour names, so both variants stay coherent; charts read
 * {@link #current()} for their colours.
 */
public enum Theme {
    LIGHT, DARK;

    private static volatile Theme current = LIGHT;

    /** The theme in use. */
    public static Theme current() {
        return current;
    }

    /** Installs the theme as the application's user-agent style sheet (on the FX thread, before the window is built). */
    public void apply() {
        Application.setUserAgentStylesheet(this == DARK ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
        current = this;
    }

    public boolean dark() {
        return this == DARK;
    }

    /** The theme the environment asks for (see the class comment). */
    public static Theme fromEnvironment() {
        String asked = System.getenv("UNFREEZE_THEME");
        if (asked != null && !asked.isBlank()) {
            return asked.trim().toLowerCase(Locale.ROOT).startsWith("dark") ? DARK : LIGHT;
        }
        String gtk = System.getenv("GTK_THEME");
        if (gtk != null && gtk.toLowerCase(Locale.ROOT).contains("dark")) {
            return DARK;
        }
        return gnomePrefersDark() ? DARK : LIGHT;
    }

    private static boolean gnomePrefersDark() {
        try {
            Process p = new ProcessBuilder("gsettings", "get", "org.gnome.desktop.interface", "color-scheme")
                    .redirectErrorStream(true).start();
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("dark");
        } catch (IOException e) {
            return false; // no gsettings: not GNOME
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
