package io.docstream.gateway.edge;

/**
 * Patterns for user-supplied text, used in bean-validation annotations. "Clean" text has no
 * control characters (NUL would make PostgreSQL fail) and no unpaired UTF-16 surrogates.
 */
public final class TextRules {

    /** Text without control characters or lone surrogates. */
    public static final String CLEAN_TEXT = "[^\\p{Cc}\\p{Cs}]*";

    /** A pragmatic email shape: local@domain.tld, no spaces or control characters. */
    public static final String EMAIL = "[^@\\s\\p{Cc}\\p{Cs}]{1,64}@[^@\\s\\p{Cc}\\p{Cs}.]+(\\.[^@\\s\\p{Cc}\\p{Cs}.]+)+";

    private TextRules() {}
}
