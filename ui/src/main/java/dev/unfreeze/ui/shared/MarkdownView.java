package dev.unfreeze.ui.shared;

import atlantafx.base.theme.Styles;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.OrderedList;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.parser.Parser;

/**
 * Markdown shown as text people read (headings, paragraphs, lists, code, tables), not as its source: the model card
 * in the Export step. CommonMark parses it; each block becomes a JavaFX node styled by the theme.
 */
public final class MarkdownView extends VBox {
    private static final Parser PARSER = Parser.builder().extensions(List.of(TablesExtension.create())).build();

    public MarkdownView() {
        super(8);
        getStyleClass().add("markdown");
    }

    /** Shows the document, replacing what was shown. */
    public void show(String markdown) {
        getChildren().clear();
        if (markdown == null || markdown.isBlank()) {
            return;
        }
        for (org.commonmark.node.Node block = PARSER.parse(markdown).getFirstChild(); block != null; block = block.getNext()) {
            getChildren().add(block(block));
        }
    }

    private static Node block(org.commonmark.node.Node block) {
        if (block instanceof Heading heading) {
            TextFlow flow = inline(heading);
            String level = heading.getLevel() == 1 ? "markdown-h1" : "markdown-h2";
            flow.getChildren().forEach(t -> t.getStyleClass().add(level));
            flow.setPadding(new Insets(heading.getLevel() == 1 ? 0 : 6, 0, 0, 0));
            return flow;
        }
        if (block instanceof BulletList || block instanceof OrderedList) {
            VBox items = new VBox(2);
            int number = 1;
            for (org.commonmark.node.Node item = block.getFirstChild(); item != null; item = item.getNext()) {
                String marker = block instanceof OrderedList ? (number++) + ". " : "•  ";
                TextFlow flow = new TextFlow(text(marker));
                for (org.commonmark.node.Node part = item.getFirstChild(); part != null; part = part.getNext()) {
                    flow.getChildren().addAll(inline(part).getChildren().stream().toList());
                }
                flow.setPadding(new Insets(0, 0, 0, 8));
                items.getChildren().add(flow);
            }
            return items;
        }
        if (block instanceof FencedCodeBlock code) {
            Label text = new Label(code.getLiteral().stripTrailing());
            text.getStyleClass().add("markdown-code");
            text.setWrapText(false);
            text.setMinHeight(Region.USE_PREF_SIZE);
            return text;
        }
        if (block instanceof TableBlock table) {
            GridPane grid = new GridPane();
            grid.getStyleClass().add("markdown-table");
            grid.setHgap(16);
            grid.setVgap(2);
            int row = 0;
            for (org.commonmark.node.Node section = table.getFirstChild(); section != null; section = section.getNext()) {
                for (org.commonmark.node.Node tableRow = section.getFirstChild(); tableRow != null; tableRow = tableRow.getNext()) {
                    int column = 0;
                    for (org.commonmark.node.Node cell = tableRow.getFirstChild(); cell != null; cell = cell.getNext()) {
                        TextFlow flow = inline(cell);
                        if (cell instanceof TableCell c && c.isHeader()) {
                            flow.getChildren().forEach(t -> t.getStyleClass().add(Styles.TEXT_BOLD));
                        }
                        grid.add(flow, column++, row);
                    }
                    row++;
                }
            }
            return grid;
        }
        return inline(block);
    }

    /** A paragraph's (or a heading's, a cell's) text with its emphasis and code spans. */
    private static TextFlow inline(org.commonmark.node.Node parent) {
        TextFlow flow = new TextFlow();
        addInline(flow, parent, "");
        return flow;
    }

    private static void addInline(TextFlow flow, org.commonmark.node.Node parent, String style) {
        for (org.commonmark.node.Node node = parent.getFirstChild(); node != null; node = node.getNext()) {
            if (node instanceof org.commonmark.node.Text text) {
                flow.getChildren().add(styled(text.getLiteral(), style));
            } else if (node instanceof Code code) {
                Text t = text(code.getLiteral());
                t.getStyleClass().add("markdown-inline-code");
                flow.getChildren().add(t);
            } else if (node instanceof StrongEmphasis) {
                addInline(flow, node, Styles.TEXT_BOLD);
            } else if (node instanceof Emphasis) {
                addInline(flow, node, Styles.TEXT_ITALIC);
            } else if (node instanceof SoftLineBreak) {
                flow.getChildren().add(text(" "));
            } else if (node instanceof HardLineBreak) {
                flow.getChildren().add(text("\n"));
            } else {
                addInline(flow, node, style);
            }
        }
    }

    /** A run of text in the theme's colour (a Text node has no style class of its own). */
    private static Text text(String literal) {
        Text t = new Text(literal);
        t.getStyleClass().add("markdown-text");
        return t;
    }

    private static Text styled(String literal, String style) {
        Text t = text(literal);
        if (!style.isEmpty()) {
            t.getStyleClass().add(style);
        }
        return t;
    }
}
