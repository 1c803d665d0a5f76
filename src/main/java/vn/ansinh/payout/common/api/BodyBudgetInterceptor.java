package vn.ansinh.payout.common.api;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * Counts every request body as the resources read it, JSON and files alike, and stops it at its route's
 * limit ({@link BodyBudgets}): 413, naming the setting, and the connection is closed behind the answer. This
 * is what bounds a chunked body (no Content-Length to refuse it by beforehand) before it is parsed or
 * spooled: the JSON reader never sees more than 1 MB, an import never spools more than its limit.
 */
@Provider
public class BodyBudgetInterceptor implements ReaderInterceptor {

    @Inject
    BodyBudgets budgets;

    @Inject
    CurrentVertxRequest request;

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        String path = request.getCurrent().request().path();
        context.setInputStream(new Bounded(context.getInputStream(), budgets.limit(path), BodyBudgets.setting(path)));
        return context.proceed();
    }

    /** The body could not be read to its end: the client went away (a reset, a closed connection) mid-body. */
    public static final class BodyCutShort extends IOException {
        private static final long serialVersionUID = 1L;

        BodyCutShort(IOException cause) {
            super("the request body was cut short: " + cause.getMessage(), cause);
        }
    }

    /** Fails the read that would take it past {@code limit} bytes. */
    static final class Bounded extends FilterInputStream {
        private final long limit;
        private final String setting;
        private long read;

        Bounded(InputStream in, long limit, String setting) {
            super(in);
            this.limit = limit;
            this.setting = setting;
        }

        @Override
        public int read() throws IOException {
            int b;
            try {
                b = super.read();
            } catch (IOException e) {
                throw new BodyCutShort(e);
            }
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new BodyCutShort(e);
            }
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw new ApiException(ErrorCode.PAYLOAD_TOO_LARGE, "detail.bodyTooLarge", limit / 1024, setting)
                        .with("limitBytes", limit).with("setting", setting);
            }
        }
    }
}
