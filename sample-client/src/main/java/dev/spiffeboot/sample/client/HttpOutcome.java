package dev.spiffeboot.sample.client;

import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;

/**
 * The answer to one GET, without exceptions for 4xx/5xx so that refusals can be checked like successes.
 *
 * @param status the HTTP status code
 * @param body the body, or {@code ""}
 * @param challenge the {@code WWW-Authenticate} header, or {@code ""}
 */
record HttpOutcome(int status, String body, String challenge) {

    static HttpOutcome get(RestClient client, String path) {
        return exchange(client.get().uri(path));
    }

    /** A GET with an explicit Authorization header (bearer interceptors leave such requests alone). */
    static HttpOutcome get(RestClient client, String path, String authorization) {
        return exchange(client.get().uri(path).header(HttpHeaders.AUTHORIZATION, authorization));
    }

    private static HttpOutcome exchange(RestClient.RequestHeadersSpec<?> request) {
        return request.exchange((sent, response) -> {
            String body = response.bodyTo(String.class);
            String challenge = response.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE);
            return new HttpOutcome(response.getStatusCode().value(), (body != null) ? body : "",
                    (challenge != null) ? challenge : "");
        });
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
