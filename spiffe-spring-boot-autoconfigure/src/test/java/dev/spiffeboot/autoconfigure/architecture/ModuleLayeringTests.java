package dev.spiffeboot.autoconfigure.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module graph, checked on the compiled classes: spiffe-core knows no Spring, spiffe-spring-security no Spring
 * Boot, the dev agent only the core, internals stay inside the core, and the auto-configuration module offers an
 * application nothing to import but auto-configurations, properties and conditions. (The poms' enforcer rules keep
 * the same dependencies out of each module's dependency tree.)
 */
class ModuleLayeringTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.spiffeboot");
    }

    /** Classes compiled in the module of that name (a jar or a class directory of the build). */
    private static DescribedPredicate<JavaClass> inModule(String module) {
        return DescribedPredicate.describe("in " + module, javaClass -> javaClass.getSource()
            .map(source -> source.getUri().toString())
            .filter(uri -> uri.contains("/" + module + "/") || uri.contains("/" + module + "-0"))
            .isPresent());
    }

    private static void check(ArchRule rule) {
        rule.check(classes);
    }

    @Test
    void theImportFindsEveryModule() {
        for (String module : new String[] { "spiffe-core", "spiffe-spring-security", "spiffe-dev-agent",
                "spiffe-spring-boot-autoconfigure" }) {
            if (classes.stream().noneMatch(inModule(module))) {
                throw new AssertionError("no class of " + module + " was imported: the rules below would check nothing");
            }
        }
    }

    @Test
    void theCoreKnowsNoSpring() {
        check(noClasses().that(inModule("spiffe-core")).should().dependOnClassesThat().resideInAPackage("org.springframework.."));
    }

    @Test
    void theSecurityLibraryKnowsNoSpringBoot() {
        check(noClasses().that(inModule("spiffe-spring-security"))
            .should().dependOnClassesThat().resideInAPackage("org.springframework.boot.."));
    }

    @Test
    void theDevAgentNeedsOnlyTheCore() {
        check(noClasses().that(inModule("spiffe-dev-agent")).should().dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "dev.spiffeboot.security..", "dev.spiffeboot.autoconfigure.."));
    }

    @Test
    void internalsStayInTheCore() {
        check(classes().that().resideInAPackage("dev.spiffeboot.internal..").should().onlyBeAccessed().byClassesThat(inModule("spiffe-core")));
    }

    @Test
    void theAutoConfigurationOffersApplicationsOnlyAutoConfigurationsPropertiesAndConditions() {
        check(classes().that(inModule("spiffe-spring-boot-autoconfigure")).and().arePublic().and().areTopLevelClasses()
            .should().haveSimpleNameEndingWith("AutoConfiguration")
            .orShould().haveSimpleNameEndingWith("Properties")
            .orShould().haveSimpleNameStartingWith("ConditionalOn")
            // what Spring Boot itself asks of a server the starter secures, and why start-up was refused
            .orShould().haveSimpleName("SecuredWebServer")
            .orShould().haveSimpleName("SpiffeServerException")
            // Tomcat creates the connector's SSL implementation by class name, which needs a public class
            .orShould().haveSimpleName("SpiffeJsseImplementation")
            // the Spring Boot SSL bundle of a SPIFFE TLS configuration, built by the client auto-configuration
            .orShould().haveSimpleName("SpiffeSslBundle")
            // the auto-proxy creator the servlet, reactive and gRPC method security configurations import
            .orShould().haveSimpleName("AutoProxyRegistrar")
            // called by the code AOT processing generates in the application's package
            .orShould().haveSimpleName("AotBuildSettings"));
        check(classes().that(inModule("spiffe-spring-boot-autoconfigure")).and().haveSimpleNameEndingWith("AutoConfiguration")
            .should().haveModifier(JavaModifier.FINAL));
    }
}
