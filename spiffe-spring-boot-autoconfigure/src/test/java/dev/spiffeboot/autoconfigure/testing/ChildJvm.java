package dev.spiffeboot.autoconfigure.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Runs a main class of the test sources in a new JVM on the test classpath minus some jars: what a class
 * filter inside this JVM cannot reproduce, because annotations are read through each class's own loader.
 */
public final class ChildJvm {

    private final List<String> classpath;

    private ChildJvm(List<String> classpath) {
        this.classpath = classpath;
    }

    /** The test classpath without the entries whose file name matches (surefire hides it behind a manifest jar). */
    public static ChildJvm testClasspathWithout(Predicate<String> fileName) {
        String testClasspath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>(Arrays.asList(testClasspath.split(File.pathSeparator)));
        kept.removeIf(entry -> fileName.test(Path.of(entry).getFileName().toString()));
        return new ChildJvm(kept);
    }

    /** The classpath entries the child gets. */
    public List<String> classpath() {
        return this.classpath;
    }

    /** Runs the main class to its end, or kills it after the limit; output is stdout and stderr merged. */
    public Result run(Class<?> mainClass, Duration limit, Path workDirectory, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", String.join(File.pathSeparator, this.classpath), mainClass.getName()));
        command.addAll(List.of(args));
        Path output = workDirectory.resolve(mainClass.getSimpleName() + ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(mainClass.getSimpleName() + " did not end within " + limit + "; output:\n"
                    + Files.readString(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    /** How the child ended. */
    public record Result(int exitCode, String output) {
    }
}
