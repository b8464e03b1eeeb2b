package dev.spiffeboot.quickstart;

import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * One Spring Boot application made of README snippets, as a user would lay it out: the {@code .java} snippets as
 * sources, the {@code .yml} snippets as the documents of {@code application.yml} at the root of the class path (one
 * document per snippet, in the given order), and next to the snippets the one class every Boot
 * application has, {@code @SpringBootApplication} in the snippets' package (the README says to put them next to it).
 * Compiled with {@link JavaCompiler} against the test class path (the starter and the starters the README lists) and
 * loaded by a class loader of its own, so two applications each find their own {@code application.yml}.
 */
final class SnippetApplication implements AutoCloseable {

    static final String MAIN_CLASS = "QuickStartApplication";

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);

    private final String mainClass;

    private final URLClassLoader classLoader;

    private ConfigurableApplicationContext context;

    private SnippetApplication(String mainClass, URLClassLoader classLoader) {
        this.mainClass = mainClass;
        this.classLoader = classLoader;
    }

    /** Writes and compiles the snippets in {@code directory}; fails with the compiler's messages. */
    static SnippetApplication compile(Path directory, List<Snippet> snippets) throws IOException {
        return compile(directory, null, snippets);
    }

    /**
     * Writes and compiles the snippets in {@code directory}, the application class in {@code mainPackage}, for an
     * application whose snippets may all be YAML; fails with the compiler's messages.
     */
    static SnippetApplication compile(Path directory, String mainPackage, List<Snippet> snippets) throws IOException {
        Path sources = Files.createDirectories(directory.resolve("src"));
        Path classes = Files.createDirectories(directory.resolve("classes"));
        List<File> files = new ArrayList<>();
        String packageName = mainPackage;
        for (Snippet snippet : snippets) {
            if (snippet.fileName().endsWith(".yml")) {
                // several YAML snippets of one application are the documents of its application.yml, in order
                Path yaml = classes.resolve("application.yml");
                String documents = Files.exists(yaml) ? Files.readString(yaml) + "---\n" : "";
                Files.writeString(yaml, documents + snippet.text());
            }
            else if (snippet.fileName().endsWith(".java")) {
                Matcher declaration = PACKAGE.matcher(snippet.text());
                if (!declaration.find()) {
                    throw new IllegalStateException("README line " + snippet.line() + ": " + snippet.name()
                            + " declares no package (an application's classes are in one)");
                }
                if (packageName != null && !packageName.equals(declaration.group(1))) {
                    throw new IllegalStateException("README line " + snippet.line() + ": " + snippet.name()
                            + " is in package " + declaration.group(1) + ", the application's other classes in " + packageName);
                }
                packageName = declaration.group(1);
                files.add(Files.writeString(sources.resolve(snippet.fileName()), snippet.text()).toFile());
            }
            else {
                throw new IllegalStateException("README line " + snippet.line() + ": no place for " + snippet.name());
            }
        }
        if (packageName == null) {
            throw new IllegalStateException("no Java snippet among " + snippets);
        }
        files.add(Files.writeString(sources.resolve(MAIN_CLASS + ".java"), """
                package %s;

                import org.springframework.boot.autoconfigure.SpringBootApplication;

                @SpringBootApplication
                public class %s {
                }
                """.formatted(packageName, MAIN_CLASS)).toFile());
        javac(files, classes);
        URLClassLoader classLoader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
                SnippetApplication.class.getClassLoader());
        return new SnippetApplication(packageName + "." + MAIN_CLASS, classLoader);
    }

    private static void javac(List<File> files, Path classes) throws IOException {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            // surefire puts the test class path (the module's dependencies) in java.class.path
            List<String> options = List.of("--release", "17", "-proc:none", "-classpath",
                    System.getProperty("java.class.path"), "-d", classes.toString());
            boolean compiled = compiler.getTask(null, fileManager, diagnostics, options, null,
                    fileManager.getJavaFileObjectsFromFiles(files)).call();
            if (!compiled) {
                throw new IllegalStateException("the README snippets do not compile:\n" + diagnostics.getDiagnostics()
                    .stream()
                    .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
                    .map(diagnostic -> diagnostic.getSource().getName() + ":" + diagnostic.getLineNumber() + ": "
                            + diagnostic.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n")));
            }
        }
    }

    /** A class of the application, e.g. one of its test classes. */
    Class<?> loadClass(String name) throws ClassNotFoundException {
        return this.classLoader.loadClass(name);
    }

    /**
     * Runs the action with the application's class loader as the thread's context class loader, as a build tool runs
     * the application's tests (Spring's test support finds the application's classes and resources through it).
     */
    void withContextClassLoader(Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this.classLoader);
        try {
            action.run();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** Starts the application with these command-line arguments, as {@code SpringApplication.run} would. */
    ConfigurableApplicationContext run(String... args) throws ClassNotFoundException {
        Class<?> main = this.classLoader.loadClass(this.mainClass);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this.classLoader);
        try {
            SpringApplication application = new SpringApplication(new DefaultResourceLoader(this.classLoader), main);
            application.setMainApplicationClass(main);
            this.context = application.run(args);
            return this.context;
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public void close() throws IOException {
        if (this.context != null) {
            this.context.close();
        }
        this.classLoader.close();
    }
}
