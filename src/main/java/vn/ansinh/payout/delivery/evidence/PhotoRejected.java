package vn.ansinh.payout.delivery.evidence;

/**
 * An evidence photo that cannot be accepted, with the reason and the HTTP status to answer with. Checked,
 * so that every upload path has to decide how to tell the field officer instead of failing with a 500.
 */
public final class PhotoRejected extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why the photo was refused; the status is what the upload endpoint answers. */
    public enum Reason {
        /** Zero bytes: usually an upload that never started. */
        EMPTY(422),
        /** Neither a JPEG nor a PNG by its content, whatever its name says. */
        NOT_AN_IMAGE(415),
        /** The file stops before the image's end: an interrupted upload or copy. */
        TRUNCATED(422),
        /** The structure or the compressed data is damaged. */
        UNDECODABLE(422),
        /** More bytes than an evidence photo may have. */
        TOO_LARGE(413),
        /** More pixels than may be decoded: refused before decoding, as a decompression bomb would be. */
        TOO_MANY_PIXELS(413),
        /** More segments or chunks, or more bytes of metadata, than a photo may carry: refused while walking it. */
        OVER_BUDGET(413),
        /** Decoding it would take more memory than the replica's whole decode budget. */
        DECODE_BUDGET(413),
        /** The decode budget stayed taken by other photos: try again shortly (not the photo's fault). */
        BUSY(503);

        private final int status;

        Reason(int status) {
            this.status = status;
        }

        /** The HTTP status for this reason. */
        public int status() {
            return status;
        }
    }

    private final Reason reason;
    /** The setting whose budget the photo is over, or null when it is not over a budget. */
    private final String setting;

    public PhotoRejected(Reason reason, String message) {
        this(reason, message, (String) null);
    }

    /** A photo over the budget that {@code setting} states. */
    public PhotoRejected(Reason reason, String message, String setting) {
        super(message);
        this.reason = reason;
        this.setting = setting;
    }

    public PhotoRejected(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.setting = null;
    }

    /** The setting stating the budget the photo is over (named in the problem detail), or null. */
    public String setting() {
        return setting;
    }

    public Reason reason() {
        return reason;
    }

    /** The HTTP status of {@link #reason()}. */
    public int status() {
        return reason.status();
    }
}
