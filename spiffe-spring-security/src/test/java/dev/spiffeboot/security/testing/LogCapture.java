package dev.spiffeboot.security.testing;

import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Collects what one class logs during a test (through Logback), to assert on log lines. */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final Logger logger;

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    private LogCapture(Class<?> source) {
        this.logger = (Logger) LoggerFactory.getLogger(source);
    }

    /** Captures the log lines of the class. */
    public static LogCapture of(Class<?> source) {
        return new LogCapture(source);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        this.appender.list.clear();
        this.appender.start();
        this.logger.addAppender(this.appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        this.logger.detachAppender(this.appender);
        this.appender.stop();
    }

    /** The formatted messages logged so far, oldest first. */
    public List<String> messages() {
        return this.appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
