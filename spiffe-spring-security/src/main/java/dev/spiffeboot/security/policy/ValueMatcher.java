package dev.spiffeboot.security.policy;

/**
 * One value of a policy rule, matched as Istio does: exactly, by prefix ({@code abc*}), by suffix ({@code *abc}),
 * or by presence ({@code *}).
 */
record ValueMatcher(String value, Form form) {

    enum Form {
        EXACT, PREFIX, SUFFIX, ANY
    }

    /**
     * Reads one value.
     *
     * @throws IllegalArgumentException if it is empty or has a {@code *} other than at its start or end
     */
    static ValueMatcher of(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("must not be empty");
        }
        int star = value.indexOf('*', 1);
        if (star > 0 && star < value.length() - 1 || value.length() > 1 && value.startsWith("*") && value.endsWith("*")) {
            throw new IllegalArgumentException("'*' may stand alone, or start or end a value, but not both nor in its middle");
        }
        if (value.equals("*")) {
            return new ValueMatcher("", Form.ANY);
        }
        if (value.endsWith("*")) {
            return new ValueMatcher(value.substring(0, value.length() - 1), Form.PREFIX);
        }
        if (value.startsWith("*")) {
            return new ValueMatcher(value.substring(1), Form.SUFFIX);
        }
        return new ValueMatcher(value, Form.EXACT);
    }

    boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        switch (this.form) {
            case ANY:
                return true;
            case PREFIX:
                return candidate.startsWith(this.value);
            case SUFFIX:
                return candidate.endsWith(this.value);
            default:
                return candidate.equals(this.value);
        }
    }
}
