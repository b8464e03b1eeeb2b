package dev.spiffeboot.testing.fuzz;

import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The fuzz runner: what it counts as a violation, hangs, replay, and inputs that repeat from their seed. */
class FuzzRunnerTests {

    private final FuzzRunner runner = new FuzzRunner(Duration.ofMillis(500), 5);

    /** Accepts strings without 'x', refuses those with 'y' as documented, and breaks on an 'x'. */
    private static final class Picky extends StringFuzzTarget {

        @Override
        public String name() {
            return "picky";
        }

        @Override
        public String generate(FuzzRandom random) {
            return String.valueOf("xyz".charAt(random.below(3))).repeat(1 + random.below(3));
        }

        @Override
        public void run(String input) {
            if (input.contains("x")) {
                throw new NullPointerException("x marks the defect");
            }
            if (input.contains("y")) {
                throw new IllegalArgumentException("documented refusal");
            }
        }

        @Override
        public boolean isDocumented(Throwable thrown) {
            return thrown instanceof IllegalArgumentException;
        }
    }

    @Test
    void countsDocumentedRefusalsAndReportsAnythingElseWithTheInput() {
        FuzzReport report = this.runner.run(new Picky(), 1, 300);
        assertThat(report.inputs()).isEqualTo(300);
        assertThat(report.accepted() + report.refused() + report.violatingInputs()).isEqualTo(300);
        assertThat(report.accepted()).isPositive();
        assertThat(report.refused()).isPositive();
        assertThat(report.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.problem()).isEqualTo("java.lang.NullPointerException: x marks the defect");
            assertThat(new Picky().decode(Base64.getDecoder().decode(violation.base64()))).contains("x");
            assertThat(violation.report()).contains("base64: " + violation.base64(), "bench/run fuzz replay picky");
        });
    }

    @Test
    void replaysAnInputFromItsBase64() {
        Picky target = new Picky();
        assertThat(this.runner.replay(target, target.encode("zzx"))).hasValueSatisfying(
                violation -> assertThat(violation.thrown()).isInstanceOf(NullPointerException.class));
        assertThat(this.runner.replay(target, target.encode("zy"))).isEmpty();
    }

    @Test
    void anInputThatRunsPastTheLimitIsAHangAndEndsTheRun() {
        StringFuzzTarget sleepy = new StringFuzzTarget() {

            @Override
            public String name() {
                return "sleepy";
            }

            @Override
            public String generate(FuzzRandom random) {
                return random.oneIn(20) ? "slow" : "fast";
            }

            @Override
            public void run(String input) throws InterruptedException {
                if (input.equals("slow")) {
                    Thread.sleep(60_000);
                }
            }

            @Override
            public boolean isDocumented(Throwable thrown) {
                return false;
            }
        };
        long start = System.nanoTime();
        FuzzReport report = this.runner.run(sleepy, 3, 1000);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(report.inputs()).isLessThan(1000);
        assertThat(report.violations()).singleElement().satisfies(violation -> {
            assertThat(violation.hung()).isTrue();
            assertThat(violation.description()).isEqualTo("\"slow\"");
        });
    }

    @Test
    void anErrorIsAViolationToo() {
        StringFuzzTarget deep = new StringFuzzTarget() {

            @Override
            public String name() {
                return "deep";
            }

            @Override
            public String generate(FuzzRandom random) {
                return "x";
            }

            @Override
            public void run(String input) {
                throw new StackOverflowError();
            }

            @Override
            public boolean isDocumented(Throwable thrown) {
                return thrown instanceof RuntimeException;
            }
        };
        Optional<Violation> violation = this.runner.replay(deep, deep.encode("x"));
        assertThat(violation).hasValueSatisfying(found -> assertThat(found.thrown()).isInstanceOf(StackOverflowError.class));
    }

    @Test
    void everyInputRepeatsFromTheSeedAndIndex() {
        for (FuzzTarget<?> target : List.of(new SpiffeIdFuzzTarget(), new WorkloadApiAddressFuzzTarget(),
                new BundleFuzzTarget(), new X509ChainFuzzTarget(), new JwtSvidFuzzTarget())) {
            assertRepeats(target);
        }
    }

    private static <T> void assertRepeats(FuzzTarget<T> target) {
        for (long index = 0; index < 20; index++) {
            long seed = FuzzRandom.inputSeed(99, index);
            byte[] first = target.encode(target.generate(new FuzzRandom(seed)));
            byte[] second = target.encode(target.generate(new FuzzRandom(seed)));
            assertThat(second).as("%s input #%d", target.name(), index).isEqualTo(first);
            assertThat(target.encode(target.decode(first))).isEqualTo(first);
        }
    }
}
