package vn.ansinh.payout.status.port;

import io.smallrye.mutiny.Uni;

/**
 * Port to an SMS gateway: the one-time codes of the payment-status lookup's detail tier go through it.
 *
 * <p>Contract (docs/sms-gateway.md): a text to one Vietnamese mobile number (E.164, {@code +84…}) with the
 * sender's own reference; {@link Result#ACCEPTED} once the gateway has taken it (delivery is the gateway's
 * business), {@link Result#REJECTED} when it refuses this message for good (a number it cannot reach, our
 * credentials), {@link Result#UNAVAILABLE} when it could not be asked (after retries). Never throws.
 */
public interface SmsGateway {

    enum Result { ACCEPTED, REJECTED, UNAVAILABLE }

    /** Sends {@code text} to {@code phoneE164}; {@code reference} makes a resent request the same message. */
    Uni<Result> send(String phoneE164, String text, String reference);
}
