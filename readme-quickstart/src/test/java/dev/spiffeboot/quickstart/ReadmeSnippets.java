package dev.spiffeboot.quickstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the fenced code blocks of one README section. Every block of the section must carry a marker, an HTML
 * comment on the line right before its opening fence that names it with the section's prefix
 * ({@code <!-- quickstart:orders/application.yml -->}); GitHub does not render the comment. So a block added to the
 * section without a marker, or a marker that lost its block, fails the test instead of going untested.
 */
final class ReadmeSnippets {

    private static final Pattern MARKER = Pattern.compile("<!-- ([\\w-]+):(\\S+) -->");

    private static final String FENCE = "```";

    private ReadmeSnippets() {
    }

    /**
     * The marked blocks of the section under {@code heading} (a whole {@code ## } line, its {@code ### } subsections
     * included), by name, in README order.
     *
     * @param prefix what the section's markers start with ({@code quickstart} for {@code <!-- quickstart:NAME -->})
     */
    static Map<String, Snippet> section(Path readme, String heading, String prefix) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf(heading);
        if (start < 0) {
            throw new IllegalStateException(readme + " has no line \"" + heading + "\"");
        }
        Map<String, Snippet> snippets = new LinkedHashMap<>();
        String pendingName = null;
        int pendingLine = 0;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            Matcher marker = MARKER.matcher(line.strip());
            if (marker.matches()) {
                if (!marker.group(1).equals(prefix)) {
                    throw new IllegalStateException(readme + " line " + (i + 1) + ": a marker of \"" + heading
                            + "\" must start with " + prefix + ":");
                }
                pendingName = marker.group(2);
                pendingLine = i + 1;
                continue;
            }
            if (line.startsWith(FENCE)) {
                if (pendingName == null) {
                    throw new IllegalStateException(readme + " line " + (i + 1) + ": a code block in \"" + heading
                            + "\" without a <!-- " + prefix + ":NAME --> comment on the line before it");
                }
                int open = i;
                StringBuilder text = new StringBuilder();
                for (i++; i < lines.size() && !lines.get(i).equals(FENCE); i++) {
                    text.append(lines.get(i)).append('\n');
                }
                if (i == lines.size()) {
                    throw new IllegalStateException(readme + " line " + (open + 1) + ": the code block is not closed");
                }
                Snippet snippet = new Snippet(pendingName, line.substring(FENCE.length()).strip(), text.toString(), open + 1);
                if (snippets.putIfAbsent(snippet.name(), snippet) != null) {
                    throw new IllegalStateException(readme + " line " + pendingLine + ": a second block named " + snippet.name());
                }
                pendingName = null;
                continue;
            }
            if (pendingName != null && !line.isBlank()) {
                throw new IllegalStateException(readme + " line " + pendingLine + ": <!-- " + prefix + ":" + pendingName
                        + " --> is not followed by a code block");
            }
        }
        if (pendingName != null) {
            throw new IllegalStateException(readme + " line " + pendingLine + ": <!-- " + prefix + ":" + pendingName
                    + " --> is not followed by a code block");
        }
        return snippets;
    }
}
