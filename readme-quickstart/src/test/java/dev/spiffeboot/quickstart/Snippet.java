package dev.spiffeboot.quickstart;

/**
 * A fenced code block of the README, named by the {@code <!-- quickstart:NAME -->} comment on the line before it.
 *
 * @param name the name in the comment, such as {@code orders/application.yml}
 * @param language the fence's info string ({@code java}, {@code yaml}, {@code xml})
 * @param text the block's lines, without the fences
 * @param line the README line of the opening fence, for messages
 */
record Snippet(String name, String language, String text, int line) {

    /** The application the snippet belongs to: the part of the name before the first {@code /}, or none. */
    String application() {
        int slash = this.name.indexOf('/');
        return (slash < 0) ? "" : this.name.substring(0, slash);
    }

    /** The file name: the part of the name after the first {@code /}. */
    String fileName() {
        return this.name.substring(this.name.indexOf('/') + 1);
    }

    /**
     * This snippet with every {@code target} replaced, for a host a test must reach on loopback: the rest of the text,
     * property names and structure, stays the README's.
     *
     * @throws IllegalStateException if the snippet does not contain {@code target}
     */
    Snippet replace(String target, String replacement) {
        if (!this.text.contains(target)) {
            throw new IllegalStateException("README line " + this.line + ": " + this.name + " no longer contains " + target);
        }
        return new Snippet(this.name, this.language, this.text.replace(target, replacement), this.line);
    }
}
