package dev.spiffeboot.quickstart;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Makes a compilation unit of a Java snippet that is a fragment (statements, or a bean method), so that it compiles
 * as written: the test gives what the README leaves out around it, the package, the imports and the enclosing class
 * (and, for statements, the method whose parameters declare the variables the fragment uses). Import lines of the
 * fragment itself are moved to the top.
 */
final class JavaFragments {

    private JavaFragments() {
    }

    /**
     * The fragment inside {@code head} and {@code tail}.
     *
     * @param fragment the README snippet, named {@code app/ClassName.java}
     * @param packageName the unit's package
     * @param imports the types the fragment uses without importing them (and those of head and tail)
     * @param head the text before the fragment: the class declaration, and the method's when the fragment is statements
     * @param tail the text after it, closing what {@code head} opened
     */
    static Snippet wrap(Snippet fragment, String packageName, List<String> imports, String head, String tail) {
        List<String> importLines = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        for (String line : fragment.text().split("\n")) {
            if (line.startsWith("import ")) {
                importLines.add(line);
            }
            else {
                body.append(line).append('\n');
            }
        }
        imports.forEach(type -> importLines.add("import " + type + ";"));
        String text = "package " + packageName + ";\n\n" + importLines.stream().distinct().collect(Collectors.joining("\n"))
                + "\n\n" + head + "\n" + body + tail + "\n";
        return new Snippet(fragment.name(), fragment.language(), text, fragment.line());
    }
}
