package vn.ansinh.payout.delivery.evidence;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;

import vn.ansinh.payout.delivery.evidence.PhotoInspector.Inspected;
import vn.ansinh.payout.delivery.evidence.PhotoRejected.Reason;
import vn.ansinh.payout.testing.HostileFiles;

class PhotoInspectorTest {

    private static final long MAX_BYTES = 5L * 1024 * 1024;
    private static final long MAX_PIXELS = 50_000_000L;
    private static final int MAX_SIDE = 10_000;

    private final PhotoInspector inspector = new PhotoInspector(MAX_BYTES, MAX_PIXELS, MAX_SIDE);

    @TempDir
    Path dir;

    @Test
    void aPictureAppendedAfterTheImageIsNotServedWithItsLocation() throws Exception {
        // a multi-picture file: a second JPEG, with its own EXIF GPS, after the first one's end
        byte[] first = TestImages.jpeg(320, 240, 901);
        byte[] second = TestImages.jpegWithExif(160, 120, 902, LocalDateTime.of(2026, 11, 20, 9, 0), 15.12, 108.8);
        byte[] combined = new byte[first.length + second.length];
        System.arraycopy(first, 0, combined, 0, first.length);
        System.arraycopy(second, 0, combined, first.length, second.length);
        byte[] served = PhotoInspector.drawable(combined, PhotoInspector.JPEG);
        assertThat(served).isEqualTo(first);
        assertThat(ImageMetadataReader.readMetadata(new ByteArrayInputStream(served))
                .getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        // a progressive JPEG (several scans with tables between them) is served whole
        byte[] progressive = progressiveJpeg(400, 300);
        assertThat(PhotoInspector.drawable(progressive, PhotoInspector.JPEG)).isEqualTo(progressive);
    }

    private static byte[] progressiveJpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(7);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, random.nextInt(0xFFFFFF));
            }
        }
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (javax.imageio.stream.MemoryCacheImageOutputStream stream = new javax.imageio.stream.MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        }
        writer.dispose();
        return out.toByteArray();
    }

    @Test
    void aGoodJpegIsAcceptedWithItsTypeSizeDimensionsAndHash() throws Exception {
        byte[] jpeg = TestImages.jpeg(640, 480, 1);

        Inspected inspected = inspector.inspect(file("photo.jpg", jpeg));

        assertThat(inspected.mediaType()).isEqualTo("image/jpeg");
        assertThat(inspected.width()).isEqualTo(640);
        assertThat(inspected.height()).isEqualTo(480);
        assertThat(inspected.size()).isEqualTo(jpeg.length);
        assertThat(inspected.sha256Hex()).isEqualTo(sha256Hex(jpeg));
        assertThat(inspected.exifCapturedAt()).isNull();
        assertThat(inspected.exifLatitude()).isNull();
        assertThat(inspected.exifLongitude()).isNull();
    }

    @Test
    void aGoodPngIsAcceptedWithItsTypeSizeDimensionsAndHash() throws Exception {
        byte[] png = TestImages.png(300, 200, 2);

        Inspected inspected = inspector.inspect(file("photo.png", png));

        assertThat(inspected.mediaType()).isEqualTo("image/png");
        assertThat(inspected.width()).isEqualTo(300);
        assertThat(inspected.height()).isEqualTo(200);
        assertThat(inspected.size()).isEqualTo(png.length);
        assertThat(inspected.sha256Hex()).isEqualTo(sha256Hex(png));
    }

    @Test
    void theTypeComesFromTheContentNotTheName() throws Exception {
        assertThat(inspector.inspect(file("photo.jpg", TestImages.png(50, 40, 3))).mediaType()).isEqualTo("image/png");
    }

    @Test
    void aLargePhotoIsDecodedSubsampledAndAccepted() throws Exception {
        Inspected inspected = inspector.inspect(file("big.jpg", TestImages.jpeg(4000, 3000, 4)));

        assertThat(inspected.width()).isEqualTo(4000);
        assertThat(inspected.height()).isEqualTo(3000);
    }

    @Test
    void aPdfNamedLikeAJpegIsNotAnImage() {
        byte[] pdf = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".getBytes(US_ASCII);

        assertRejected(file("receipt.jpg", pdf), Reason.NOT_AN_IMAGE, 415);
    }

    @Test
    void anEmptyFileIsRefused() {
        assertRejected(file("photo.jpg", new byte[0]), Reason.EMPTY, 422);
    }

    @Test
    void aJpegCutInHalfIsTruncated() {
        byte[] jpeg = TestImages.jpeg(640, 480, 5);

        assertRejected(file("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2)), Reason.TRUNCATED, 422);
    }

    @Test
    void aJpegCutInsideItsHeaderSegmentsIsTruncated() {
        assertRejected(file("head.jpg", Arrays.copyOf(TestImages.jpeg(64, 48, 5), 40)), Reason.TRUNCATED, 422);
    }

    @Test
    void aPngCutInHalfIsTruncated() {
        byte[] png = TestImages.png(300, 200, 6);

        assertRejected(file("half.png", Arrays.copyOf(png, png.length / 2)), Reason.TRUNCATED, 422);
    }

    @Test
    void zeroPaddingAfterTheEndIsAcceptedButOtherTrailingDataIsNot() throws Exception {
        byte[] jpeg = TestImages.jpeg(64, 48, 7);
        byte[] png = TestImages.png(64, 48, 7);

        assertThat(inspector.inspect(file("padded.jpg", Arrays.copyOf(jpeg, jpeg.length + 100))).width()).isEqualTo(64);
        assertThat(inspector.inspect(file("padded.png", Arrays.copyOf(png, png.length + 100))).width()).isEqualTo(64);

        byte[] zip = "PK\u0003\u0004 hidden payload".getBytes(US_ASCII);
        assertRejected(file("tail.jpg", concat(jpeg, zip)), Reason.TRUNCATED, 422);
        assertRejected(file("tail.png", concat(png, zip)), Reason.UNDECODABLE, 422);
    }

    @Test
    void aJpegWithGarbledImageDataButIntactStructureIsUndecodable() {
        byte[] jpeg = TestImages.jpeg(640, 480, 8);
        int scanData = endOfStartOfScan(jpeg);
        int from = scanData + (jpeg.length - scanData) / 3;
        while ((jpeg[from - 1] & 0xFF) == 0xFF) {
            from++; // never turn a stuffed FF 00 into a marker
        }
        Random random = new Random(8);
        for (int i = from; i < from + 512; i++) {
            jpeg[i] = (byte) random.nextInt(0xFF); // 00..FE: the segment structure stays intact
        }

        assertRejected(file("garbled.jpg", jpeg), Reason.UNDECODABLE, 422);
    }

    @Test
    void aPngWithOneFlippedByteInItsImageDataIsUndecodable() {
        byte[] png = TestImages.png(300, 200, 9);
        int idat = indexOf(png, "IDAT".getBytes(US_ASCII));
        png[idat + 4 + 20] ^= 0x01;

        assertRejected(file("flipped.png", png), Reason.UNDECODABLE, 422);
    }

    @Test
    void aPngWithoutImageDataIsUndecodable() {
        byte[] png = TestImages.png(30, 20, 10);
        int idat = indexOf(png, "IDAT".getBytes(US_ASCII)) - 4;
        int idatLength = ByteBuffer.wrap(png, idat, 4).getInt();
        byte[] withoutIdat = concat(Arrays.copyOf(png, idat), Arrays.copyOfRange(png, idat + 12 + idatLength, png.length));

        assertRejected(file("noidat.png", withoutIdat), Reason.UNDECODABLE, 422);
    }

    @Test
    void aFileOverTheByteLimitIsTooLarge() {
        PhotoInspector small = new PhotoInspector(1_000, MAX_PIXELS, MAX_SIDE);

        PhotoRejected rejected = catchThrowableOfType(PhotoRejected.class,
                () -> small.inspect(file("photo.jpg", TestImages.jpeg(640, 480, 11))));

        assertThat(rejected.reason()).isEqualTo(Reason.TOO_LARGE);
        assertThat(rejected.status()).isEqualTo(413);
    }

    @Test
    void theByteLimitIsCheckedFromTheFileSizeBeforeReading() throws Exception {
        Path sparse = dir.resolve("huge.jpg");
        try (RandomAccessFile file = new RandomAccessFile(sparse.toFile(), "rw")) {
            file.setLength(MAX_BYTES + 1); // all zeros: were it read, it would be NOT_AN_IMAGE
        }

        assertRejected(sparse, Reason.TOO_LARGE, 413);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void aPngClaimingAHugeFrameIsRefusedBeforeDecoding() {
        assertRejected(file("bomb.png", TestImages.pngWithHugeHeader(100_000, 100_000)), Reason.TOO_MANY_PIXELS, 413);
    }

    @Test
    void thePixelLimitsApplyToEachSideAndToTheArea() {
        byte[] jpeg = TestImages.jpeg(640, 480, 12);

        assertRejected(new PhotoInspector(MAX_BYTES, MAX_PIXELS, 600), file("wide.jpg", jpeg), Reason.TOO_MANY_PIXELS);
        assertRejected(new PhotoInspector(MAX_BYTES, 640 * 480 - 1, MAX_SIDE), file("area.jpg", jpeg),
                Reason.TOO_MANY_PIXELS);
    }

    @Test
    void exifCaptureTimeWithoutOffsetIsVietnamTimeAndTheGpsPositionIsRead() throws Exception {
        LocalDateTime takenAt = LocalDateTime.of(2025, 3, 14, 9, 26, 53);
        byte[] jpeg = TestImages.jpegWithExif(800, 600, 13, takenAt, 21.028511, 105.804817);

        Inspected inspected = inspector.inspect(file("exif.jpg", jpeg));

        assertThat(inspected.exifCapturedAt()).isEqualTo(OffsetDateTime.of(takenAt, ZoneOffset.ofHours(7)));
        assertThat(inspected.exifLatitude()).isCloseTo(21.028511, within(1e-5));
        assertThat(inspected.exifLongitude()).isCloseTo(105.804817, within(1e-5));
        assertThat(inspected.width()).isEqualTo(800);
    }

    @Test
    void exifOffsetTimeOriginalIsUsedWhenPresentAndSouthWestAreNegative() throws Exception {
        LocalDateTime takenAt = LocalDateTime.of(2024, 12, 31, 23, 59, 59);
        byte[] jpeg = TestImages.jpegWithExif(320, 240, 14, takenAt, ZoneOffset.ofHours(-3), -33.868820, -70.650000);

        Inspected inspected = inspector.inspect(file("exif.jpg", jpeg));

        assertThat(inspected.exifCapturedAt()).isEqualTo(OffsetDateTime.of(takenAt, ZoneOffset.ofHours(-3)));
        assertThat(inspected.exifLatitude()).isCloseTo(-33.868820, within(1e-5));
        assertThat(inspected.exifLongitude()).isCloseTo(-70.650000, within(1e-5));
    }

    @Test
    void strippingAJpegRemovesExifAndGpsButKeepsTheImage() throws Exception {
        byte[] original = TestImages.jpegWithExif(800, 600, 15, LocalDateTime.of(2025, 6, 1, 8, 0), 10.7769, 106.7009);
        assertThat(metadata(original).getFirstDirectoryOfType(GpsDirectory.class)).isNotNull();

        byte[] stripped = PhotoInspector.drawable(original, PhotoInspector.JPEG);

        Metadata left = metadata(stripped);
        assertThat(left.getFirstDirectoryOfType(GpsDirectory.class)).isNull();
        ExifSubIFDDirectory exif = left.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        assertThat(exif == null || !exif.containsTag(ExifDirectoryBase.TAG_DATETIME_ORIGINAL)).isTrue();

        Inspected inspected = inspector.inspect(file("stripped.jpg", stripped));
        assertThat(inspected.width()).isEqualTo(800);
        assertThat(inspected.height()).isEqualTo(600);
        assertThat(inspected.exifCapturedAt()).isNull();
        assertThat(inspected.exifLatitude()).isNull();
        assertThat(samePixels(ImageIO.read(new ByteArrayInputStream(original)),
                ImageIO.read(new ByteArrayInputStream(stripped)))).isTrue();
        // The Exif segment was inserted into an ImageIO JPEG: removing it gives back exactly that JPEG.
        assertThat(stripped).isEqualTo(TestImages.jpeg(800, 600, 15));
    }

    @Test
    void strippingAJpegRemovesCommentsAndIptcButKeepsJfifAndIcc() {
        byte[] plain = TestImages.jpeg(64, 48, 16);
        byte[] comment = segment(0xFE, "taken at 12 Hang Bac, Hoan Kiem".getBytes(US_ASCII));
        byte[] iptc = segment(0xED, "Photoshop 3.0\0 8BIM".getBytes(US_ASCII));
        byte[] icc = segment(0xE2, "ICC_PROFILE\0\1\1 not really a profile".getBytes(US_ASCII));
        int afterJfif = 2 + 2 + ByteBuffer.wrap(plain, 4, 2).getShort();
        byte[] head = Arrays.copyOf(plain, afterJfif);
        byte[] rest = Arrays.copyOfRange(plain, afterJfif, plain.length);

        byte[] stripped = PhotoInspector.drawable(concat(head, comment, iptc, icc, rest), PhotoInspector.JPEG);

        assertThat(stripped).isEqualTo(concat(head, icc, rest));
    }

    @Test
    void strippingAPngRemovesItsTextChunkAndKeepsTheRest() throws Exception {
        byte[] original = TestImages.pngWithText(120, 90, 17, "Location", "21.0285 N 105.8048 E");
        assertThat(indexOf(original, "tEXt".getBytes(US_ASCII))).isPositive();

        byte[] stripped = PhotoInspector.drawable(original, PhotoInspector.PNG);

        assertThat(indexOf(stripped, "tEXt".getBytes(US_ASCII))).isNegative();
        assertThat(stripped).isEqualTo(TestImages.png(120, 90, 17));
        Inspected inspected = inspector.inspect(file("stripped.png", stripped));
        assertThat(inspected.width()).isEqualTo(120);
        assertThat(inspected.height()).isEqualTo(90);
        assertThat(inspector.inspect(file("original.png", original)).width()).isEqualTo(120);
    }

    @Test
    void sizedJpegsComeCloseToTheRequestedSize() {
        byte[] jpeg = TestImages.sizedJpeg(1_000_000, 18);

        assertThat(jpeg.length).isBetween(900_000, 1_100_000);
    }


    // ---- hostile photos: every budget is enforced while walking, nothing compressed is ever inflated ----

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void compressedPngChunksOverTheMetadataBudgetAreRefusedWithoutBeingInflated() {
        // 300 KB each, expanding to 300 MB: the reproduction exhausted a 96 MB heap with 292 KB
        for (byte[] bomb : new byte[][] { HostileFiles.pngZtxtBomb(300), HostileFiles.pngItxtBomb(300),
                HostileFiles.pngIccpBomb(300) }) {
            PhotoRejected e = assertRejected(inspector, file("bomb.png", bomb), Reason.OVER_BUDGET);
            assertThat(e.getMessage()).contains("max-metadata-size");
            assertThat(e.status()).isEqualTo(413);
        }
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aSmallCompressedChunkUnderTheBudgetIsNeitherInflatedNorServed() throws Exception {
        byte[] bomb = HostileFiles.pngZtxtBomb(100); // ~100 KB, 100 MB inflated
        Inspected inspected = inspector.inspect(file("small-bomb.png", bomb));
        assertThat(inspected.width()).isEqualTo(1);
        assertThat(indexOf(PhotoInspector.drawable(bomb, PhotoInspector.PNG), "zTXt".getBytes(US_ASCII))).isNegative();
        byte[] icc = HostileFiles.pngIccpBomb(100);
        inspector.inspect(file("icc.png", icc));
        assertThat(indexOf(PhotoInspector.drawable(icc, PhotoInspector.PNG), "iCCP".getBytes(US_ASCII))).isNegative();
    }

    @Test
    void jpegAppSegmentsOverTheMetadataBudgetAreRefused() {
        // five 64 KB Photoshop segments, each declaring 2 GB resources
        assertRejected(inspector, file("psd.jpg", HostileFiles.jpegPhotoshopBomb(5)), Reason.OVER_BUDGET);
    }

    @Test
    void moreSegmentsThanTheBudgetAreRefusedWhileWalking() {
        PhotoRejected e = assertRejected(inspector, file("many.jpg", HostileFiles.jpegManySegments(5_000)), Reason.OVER_BUDGET);
        assertThat(e.getMessage()).contains("4096");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aDeeplyNestedOrLoopingExifBlockLeavesTheFactsOutAndNothingElse() throws Exception {
        Inspected inspected = inspector.inspect(file("nested.jpg", HostileFiles.jpegNestedExif(3_000)));
        assertThat(inspected.width()).isEqualTo(64);
        assertThat(inspected.exifCapturedAt()).isNull();
        assertThat(inspected.exifLatitude()).isNull();
    }

    @Test
    void imageDataInterleavedWithOtherChunksIsRefused() {
        assertRejected(inspector, file("interleaved.png", HostileFiles.pngInterleavedData()), Reason.UNDECODABLE);
    }

    @Test
    void aHugeJpegFrameIsRefusedBeforeDecoding() {
        assertRejected(inspector, file("huge.jpg", HostileFiles.jpegHugeFrame(65_000, 65_000)), Reason.TOO_MANY_PIXELS);
    }

    @Test
    void aPhotoNeedingMoreThanTheWholeDecodeBudgetIsRefusedAndOneThatMustWaitTooLongIsBusy() throws Exception {
        byte[] progressive = progressiveJpeg(1200, 900); // holds 1200 x 900 x 3 x 2 bytes of coefficients
        long needs = PhotoInspector.decodeMemory(PhotoInspector.JPEG, 1200, 900, 3, true);
        PhotoInspector.Limits limits = new PhotoInspector.Limits(MAX_BYTES, MAX_PIXELS, MAX_SIDE, 4096, 256 * 1024);
        PhotoInspector tight = new PhotoInspector(limits, new DecodeBudget(needs - 1024, java.time.Duration.ofMillis(50)));
        PhotoRejected e = assertRejected(tight, file("big.jpg", progressive), Reason.DECODE_BUDGET);
        assertThat(e.status()).isEqualTo(413);

        DecodeBudget shared = new DecodeBudget(needs + 1024, java.time.Duration.ofMillis(100));
        PhotoInspector sharing = new PhotoInspector(limits, shared);
        try (DecodeBudget.Lease held = shared.reserve(needs)) { // another request's decode holds the budget
            assertThat(assertRejected(sharing, file("wait.jpg", progressive), Reason.BUSY).status()).isEqualTo(503);
        }
        assertThat(sharing.inspect(file("later.jpg", progressive)).width()).isEqualTo(1200);
        assertThat(shared.availableBytes()).isEqualTo(shared.totalBytes()); // every lease given back
    }

    @Test
    void exifOrCommentsBetweenTheScansOfAProgressiveJpegAreNotServed() throws Exception {
        byte[] progressive = progressiveJpeg(200, 150);
        int secondScan = -1;
        int sos = 0;
        for (int i = 2; i + 1 < progressive.length; i++) {
            if ((progressive[i] & 0xFF) == 0xFF && (progressive[i + 1] & 0xFF) == 0xDA && ++sos == 2) {
                secondScan = i;
                break;
            }
        }
        assertThat(secondScan).isPositive();
        byte[] gps = HostileFiles.segment(0xFE, "GPS 15.12 N 108.8 E".getBytes(US_ASCII));
        byte[] tampered = concat(Arrays.copyOf(progressive, secondScan), gps,
                Arrays.copyOfRange(progressive, secondScan, progressive.length));
        inspector.inspect(file("between.jpg", tampered));
        assertThat(PhotoInspector.drawable(tampered, PhotoInspector.JPEG)).isEqualTo(progressive);
    }

    @Test
    void theExifReaderAgreesWithMetadataExtractorOnWellFormedPhotos() throws Exception {
        byte[] photo = TestImages.jpegWithExif(320, 240, 41, LocalDateTime.of(2026, 3, 4, 5, 6, 7), ZoneOffset.ofHours(9),
                21.0285, 105.8048);
        Inspected ours = inspector.inspect(file("exif.jpg", photo));
        Metadata theirs = metadata(photo);
        GpsDirectory gps = theirs.getFirstDirectoryOfType(GpsDirectory.class);
        assertThat(ours.exifLatitude()).isCloseTo(gps.getGeoLocation().getLatitude(), within(1e-9));
        assertThat(ours.exifLongitude()).isCloseTo(gps.getGeoLocation().getLongitude(), within(1e-9));
        assertThat(ours.exifCapturedAt()).isEqualTo(OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(9)));
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private void assertRejected(Path photo, Reason reason, int status) {
        PhotoRejected rejected = assertRejected(inspector, photo, reason);
        assertThat(rejected.reason().status()).isEqualTo(status);
        assertThat(rejected.status()).isEqualTo(status);
    }

    private static PhotoRejected assertRejected(PhotoInspector inspector, Path photo, Reason reason) {
        PhotoRejected rejected = catchThrowableOfType(PhotoRejected.class, () -> inspector.inspect(photo));
        assertThat(rejected).as("expected %s", reason).isNotNull();
        assertThat(rejected.reason()).as(rejected.getMessage()).isEqualTo(reason);
        assertThat(rejected.getMessage()).isNotBlank();
        return rejected;
    }

    private Path file(String name, byte[] content) {
        try {
            return Files.write(dir.resolve(name), content);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256Hex(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    private static Metadata metadata(byte[] image) throws Exception {
        return ImageMetadataReader.readMetadata(new ByteArrayInputStream(image));
    }

    private static boolean samePixels(BufferedImage a, BufferedImage b) {
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return false;
        }
        int[] rowA = new int[a.getWidth()];
        int[] rowB = new int[b.getWidth()];
        for (int y = 0; y < a.getHeight(); y++) {
            a.getRGB(0, y, a.getWidth(), 1, rowA, 0, a.getWidth());
            b.getRGB(0, y, b.getWidth(), 1, rowB, 0, b.getWidth());
            if (!Arrays.equals(rowA, rowB)) {
                return false;
            }
        }
        return true;
    }

    /** The first byte of entropy-coded data: just after the SOS segment's header. */
    private static int endOfStartOfScan(byte[] jpeg) {
        int pos = 2;
        while ((jpeg[pos + 1] & 0xFF) != 0xDA) {
            pos += 2 + (ByteBuffer.wrap(jpeg, pos + 2, 2).getShort() & 0xFFFF);
        }
        return pos + 2 + (ByteBuffer.wrap(jpeg, pos + 2, 2).getShort() & 0xFFFF);
    }

    private static byte[] segment(int marker, byte[] body) {
        return ByteBuffer.allocate(4 + body.length)
                .put((byte) 0xFF).put((byte) marker).putShort((short) (2 + body.length)).put(body)
                .array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(part -> part.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }
}
