package dev.spiffeboot.quickstart;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The README's "Testing your application", from the README's own snippets: its test classes are compiled with the
 * quick start's {@code orders} service (its controller and {@code application.yml}, also read from the README) and
 * run with the JUnit Platform, as a user's build runs them; then run again against a controller that allows the
 * wrong caller, which they must catch.
 */
@Tag("readme-testing")
class ReadmeTestingTests {

    private static final Path README = Path.of("..", "README.md");

    private static final List<String> TEST_CLASSES = List.of("com.example.orders.OrdersControllerTests",
            "com.example.orders.OrdersApplicationTests");

    @TempDir
    static Path work;

    static Map<String, Snippet> snippets;

    static Map<String, Snippet> quickStart;

    @BeforeAll
    static void readTheSections() throws Exception {
        snippets = ReadmeSnippets.section(README, "## Testing your application", "testing");
        quickStart = ReadmeSnippets.section(README, "## Spring Boot quick start", "quickstart");
    }

    @Test
    void theSectionHasTheDependenciesAndTwoTestClassesOfOrders() {
        assertThat(snippets).containsOnlyKeys("pom.xml", "orders/OrdersControllerTests.java", "orders/OrdersApplicationTests.java");
    }

    @Test
    void listsTestDependenciesThisModuleIsBuiltWith() throws Exception {
        Set<String> listed = PomDependencies.ofSnippet(snippets.get("pom.xml"), "test");
        assertThat(listed).isNotEmpty();
        assertThat(PomDependencies.of(Files.readAllBytes(Path.of("pom.xml")), "test")).containsAll(listed);
    }

    @Test
    void theTestsOfTheSectionPassAgainstTheQuickStartsOrders() throws Exception {
        TestExecutionSummary summary = runTheTests("orders", orders(quickStart.get("orders/OrdersController.java")));
        assertThat(summary.getTotalFailureCount()).as(failures(summary)).isZero();
        assertThat(summary.getTestsSucceededCount()).as(failures(summary)).isEqualTo(5);
    }

    @Test
    void theyCatchAControllerThatAllowsTheWrongCaller() throws Exception {
        Snippet controller = quickStart.get("orders/OrdersController.java");
        Snippet wrongRule = controller.replace("@AllowSpiffeIds(\"spiffe://example.org/frontend\")",
                "@AllowSpiffeIds(\"spiffe://example.org/batch\")");
        TestExecutionSummary summary = runTheTests("orders-wrong-rule", orders(wrongRule));
        assertThat(summary.getTotalFailureCount()).as("the README's tests fail for a controller that allows the wrong caller")
            .isPositive();
    }

    /** The quick start's orders with this controller, and the section's test classes. */
    private static List<Snippet> orders(Snippet controller) {
        List<Snippet> orders = new ArrayList<>(List.of(quickStart.get("orders/application.yml"), controller));
        orders.add(snippets.get("orders/OrdersControllerTests.java"));
        orders.add(snippets.get("orders/OrdersApplicationTests.java"));
        return orders;
    }

    private static TestExecutionSummary runTheTests(String directory, List<Snippet> sources) throws Exception {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try (SnippetApplication application = SnippetApplication.compile(work.resolve(directory), sources)) {
            List<Class<?>> testClasses = new ArrayList<>();
            for (String name : TEST_CLASSES) {
                testClasses.add(application.loadClass(name));
            }
            LauncherDiscoveryRequest request = request()
                .selectors(testClasses.stream().map(testClass -> selectClass(testClass)).toList())
                .build();
            application.withContextClassLoader(() -> LauncherFactory.create().execute(request, listener));
        }
        return listener.getSummary();
    }

    private static String failures(TestExecutionSummary summary) {
        return summary.getFailures()
            .stream()
            .map(failure -> failure.getTestIdentifier().getDisplayName() + ": " + failure.getException())
            .collect(Collectors.joining("\n", "failures:\n", ""));
    }
}
