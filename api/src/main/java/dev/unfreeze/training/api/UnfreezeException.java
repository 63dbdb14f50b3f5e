package dev.unfreeze.training.api;

/** A problem the user can act on. Its message is a plain sentence, shown as it is. */
public class UnfreezeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnfreezeException(String message) {
        super(message);
    }

    public UnfreezeException(String message, Throwable cause) {
        super(message, cause);
    }
}
