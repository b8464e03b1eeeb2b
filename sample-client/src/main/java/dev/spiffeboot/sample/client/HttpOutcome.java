package dev.spiffeboot.sample.client;

import org.springframework.http.HttpHeaders;

/**
 * The answer to one GET, without exceptions for 4xx/5xx so that refusals can be checked like successes.
 *
 * @param status the HTTP status code
 * @param body the body, or {@code ""}
 * @param challenge the {@code WWW-Authenticate} header, or {@code ""}
 */
record HttpOutcome(int status, String body, String challenge) {

    /** The outcome of an answer, whatever client received it. */
    static HttpOutcome of(int status, String body, HttpHeaders headers) {
        String challenge = headers.getFirst(HttpHeaders.WWW_AUTHENTICATE);
        return new HttpOutcome(status, (body != null) ? body : "", (challenge != null) ? challenge : "");
    }

    /** A short description: the status and the body, or the challenge for a 401. */
    String describe() {
        if (this.status == 401) {
            return "401 Unauthorized: " + this.challenge;
        }
        if (this.status == 403) {
            return "403 Forbidden";
        }
        return this.status + " " + this.body;
    }
}
