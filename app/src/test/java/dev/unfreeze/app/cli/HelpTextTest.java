package dev.unfreeze.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help reads as sentences: a summary that is one whole sentence, no line cut mid-sentence, no format warning. */
class HelpTextTest {
    @Test
    void everyCommandsSummaryIsOneWholeSentenceAndEveryDescriptionLineEndsOne() {
        List<CommandLine> all = new ArrayList<>();
        collect(UnfreezeCommand.commandLine(), all);
        assertThat(all).hasSizeGreaterThan(15);
        List<String> cut = new ArrayList<>();
        for (CommandLine command : all) {
            String[] description = command.getCommandSpec().usageMessage().description();
            String name = command.getCommandSpec().qualifiedName();
            if (description.length == 0) {
                cut.add(name + ": no description");
            }
            for (int i = 0; i < description.length; i++) {
                // picocli prints each element on its own line, and the first one alone as the summary, where a
                // colon would announce a list the summary does not show
                String ends = i == 0 ? "(?s).*[.!?)]$" : "(?s).*[.!?:)]$";
                if (!description[i].strip().matches(ends)) {
                    cut.add(name + ": " + description[i]);
                }
            }
        }
        assertThat(cut).isEmpty();
    }

    @Test
    void everyCommandsHelpPrintsItsTextAsWrittenWithoutFormatWarnings() {
        List<CommandLine> all = new ArrayList<>();
        collect(UnfreezeCommand.commandLine(), all);
        PrintStream err = System.err;
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        List<String> helps = new ArrayList<>();
        // picocli reads descriptions as format strings: a lone '%' is reported on stderr and printed unformatted
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            all.forEach(command -> helps.add(command.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        } finally {
            System.setErr(err);
        }
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(String.join("\n", helps)).contains("Random resized crops (60 to 100% of the area).");
    }

    private static void collect(CommandLine command, List<CommandLine> into) {
        into.add(command);
        command.getSubcommands().values().stream().distinct()
                .filter(c -> !c.getCommandName().equals("help")).forEach(c -> collect(c, into));
    }
}
