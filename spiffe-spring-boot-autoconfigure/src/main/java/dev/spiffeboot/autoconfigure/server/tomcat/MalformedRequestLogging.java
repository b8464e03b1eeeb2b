package dev.spiffeboot.autoconfigure.server.tomcat;

import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.spiffeboot.text.LogSafe;

/**
 * Logs the requests Tomcat cannot parse (a character not allowed in the request target, a request header larger
 * than the limit, ...) in one line without a stack trace. Tomcat logs each at INFO with the whole stack, the first
 * one per request processor, and processors come and go with connections, so a client sending garbage could fill
 * the log; the stack says nothing about the client, the exception's message says all.
 */
final class MalformedRequestLogging implements Filter {

    /** Where Tomcat's HTTP/1.1 processor logs. */
    static final String TOMCAT_LOGGER = "org.apache.coyote.http11.Http11Processor";

    // java.util.logging holds loggers weakly: this reference keeps the one carrying the filter alive
    private static final Logger TOMCAT = Logger.getLogger(TOMCAT_LOGGER);

    private final Filter next;

    private MalformedRequestLogging(Filter next) {
        this.next = next;
    }

    /** Installs the filter on Tomcat's logger, in front of a filter already there; once. */
    static synchronized void install() {
        Filter current = TOMCAT.getFilter();
        if (!(current instanceof MalformedRequestLogging)) {
            TOMCAT.setFilter(new MalformedRequestLogging(current));
        }
    }

    /**
     * Rewrites Tomcat's INFO records that carry an exception (Tomcat's level for errors caused by request data) into
     * one line naming the reason; ERROR records, from the application, keep their stack trace.
     */
    @Override
    public boolean isLoggable(LogRecord record) {
        Throwable thrown = record.getThrown();
        if (thrown != null && record.getLevel() == Level.INFO) {
            record.setMessage("Malformed HTTP request refused with 400 (" + firstLine(record.getMessage()) + "): "
                    + LogSafe.escape(String.valueOf(thrown.getMessage())));
            record.setParameters(null);
            record.setThrown(null);
        }
        return this.next == null || this.next.isLoggable(record);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0) ? message : message.substring(0, end);
    }
}
