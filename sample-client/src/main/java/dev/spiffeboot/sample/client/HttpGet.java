package dev.spiffeboot.sample.client;

/** One client of the sample server, as the scenarios use it: GETs whose 4xx/5xx answers are outcomes too. */
@FunctionalInterface
interface HttpGet {

    /**
     * A GET of a path of the server.
     *
     * @param authorization an explicit Authorization header (bearer customizers leave such requests alone), or
     * {@code null} for none
     */
    HttpOutcome get(String path, String authorization);

    /** A GET of a path of the server, with what the client's customizers add. */
    default HttpOutcome get(String path) {
        return get(path, null);
    }
}
