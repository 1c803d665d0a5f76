package vn.ansinh.payout.common.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/**
 * Answers that depend on the caller's origin say so ({@code Vary: Origin}): CORS allows several web apps'
 * origins, so a shared cache must never hand one origin's answer (its Access-Control-Allow-Origin) to
 * another. Quarkus' CORS filter does not add it; this runs before it, on every request with an Origin.
 */
@ApplicationScoped
public class VaryOrigin {

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(ctx -> {
            if (ctx.request().headers().contains(HttpHeaders.ORIGIN)) {
                ctx.addHeadersEndHandler(v -> {
                    String vary = ctx.response().headers().get(HttpHeaders.VARY);
                    if (vary == null || !vary.toLowerCase().contains("origin")) {
                        ctx.response().putHeader(HttpHeaders.VARY, vary == null ? "Origin" : vary + ", Origin");
                    }
                });
            }
            ctx.next();
        });
    }
}
