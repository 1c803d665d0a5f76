package vn.ansinh.payout.delivery.service;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Home delivery: photo limits, fraud thresholds and the evidence store (ansinh.deliveries.*). */
@ConfigMapping(prefix = "ansinh.deliveries")
public interface DeliveryConfig {

    Photos photos();

    Fraud fraud();

    Evidence evidence();

    interface Photos {
        /** Photos per confirmation, besides the optional signature or thumbprint. */
        @WithDefault("5")
        int maxCount();

        @WithDefault("5M")
        MemorySize maxSize();

        /** The whole multipart request, photos and JSON together. */
        @WithDefault("20M")
        MemorySize maxRequestSize();

        /** Larger images are refused before decoding (decompression bombs). */
        @WithDefault("50000000")
        long maxPixels();

        @WithDefault("12000")
        int maxSide();

        /** JPEG segments or PNG chunks in one photo (image data chunks included): a walk of more is refused. */
        @WithDefault("4096")
        int maxSegments();

        /** Bytes of everything in a photo that is not image data or its tables (EXIF, ICC, text, vendor segments). */
        @WithDefault("256K")
        MemorySize maxMetadataSize();

        /**
         * Memory that photo decodes of this replica may take at once (mostly native memory of the JPEG decoder,
         * outside the heap); shared by all requests. Keep it within the container's memory left beside the heap.
         */
        @WithDefault("256M")
        MemorySize decodeMemory();

        /** How long a photo waits for room in the decode budget before its request is answered 503. */
        @WithDefault("10s")
        Duration decodeWait();
    }

    interface Fraud {
        /** Capture position farther than this from the commune's reference point. */
        @WithDefault("5")
        double maxDistanceKm();

        /** GPS accuracy worse than this (metres). */
        @WithDefault("100")
        double maxAccuracyM();

        /** Device clock (at sending, or at capture if in the future) farther than this from the server's. */
        @WithDefault("10m")
        Duration maxClockSkew();

        /** Photo EXIF time farther than this from the device-reported capture time. */
        @WithDefault("30m")
        Duration maxPhotoTimeGap();

        /** Confirmations by one officer within an hour of each other beyond this are implausible. */
        @WithDefault("12")
        int maxPerHour();
    }

    interface Evidence {
        /** postgres (default: nothing else to install) or s3. */
        @WithDefault("postgres")
        String store();

        /** Objects that no photo row names are removed after this (a crash between upload and commit). */
        @WithDefault("1h")
        Duration orphanAfter();

        S3 s3();
    }

    interface S3 {
        /** Empty for AWS itself; the URL of MinIO, Ceph RGW or another S3-compatible server otherwise. */
        Optional<URI> endpoint();

        @WithDefault("ap-southeast-1")
        String region();

        @WithDefault("ansinh-evidence")
        String bucket();

        Optional<String> accessKey();

        Optional<String> secretKey();

        @WithDefault("true")
        boolean pathStyle();

        /** Create the bucket at start if it is missing (dev and tests; production buckets are provisioned). */
        @WithDefault("false")
        boolean createBucket();
    }
}
