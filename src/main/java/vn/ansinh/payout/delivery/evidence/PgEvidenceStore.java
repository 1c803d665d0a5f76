package vn.ansinh.payout.delivery.evidence;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Evidence bytes in PostgreSQL ({@code evidence_blob}), written in the transaction that records the
 * photo: a row and its bytes commit or roll back together, so nothing is staged or discarded. Suits a
 * single installation; at scale the object store keeps the database small.
 */
public class PgEvidenceStore implements EvidenceStore {

    private final Pool pool;
    private final Vertx vertx;

    public PgEvidenceStore(Pool pool, Vertx vertx) {
        this.pool = pool;
        this.vertx = vertx;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public Uni<Void> stage(String key, Path file, long size, String contentType) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> commit(SqlConnection tx, String key, Path file, long size, String contentType) {
        // one photo at a time (at most a few MB) is held while it is sent
        return vertx.fileSystem().readFile(file.toString())
                .flatMap(bytes -> tx.preparedQuery("insert into evidence_blob (storage_key, content) values ($1, $2)")
                        .execute(Tuple.of(key, bytes.getDelegate())))
                .replaceWithVoid();
    }

    @Override
    public Uni<Void> discard(String key) {
        return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<byte[]> read(String key, long expectedSize) {
        // substring: the server sends at most expectedSize + 1 bytes, however large the stored value has become
        return pool.preparedQuery("select substring(content from 1 for $2) from evidence_blob where storage_key = $1")
                .execute(Tuple.of(key, EvidenceStore.readLimit(expectedSize)))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        throw new NoSuchElementException("no evidence stored under " + key);
                    }
                    return rows.iterator().next().getBuffer(0).getBytes();
                });
    }

    @Override
    public Uni<List<String>> keys(String prefix, Instant before) {
        return Uni.createFrom().item(List.of());
    }
}
