package vn.ansinh.payout.delivery.evidence;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.delivery.evidence.PhotoRejected.Reason;

/**
 * Checks an uploaded evidence photo by its content, never by its name or declared type, and reads what the
 * photo says about when and where it was taken.
 *
 * <p>The checks go from cheap to expensive so that hostile or broken files are refused early: the size on
 * disk, the magic bytes, a structural walk of every JPEG segment or PNG chunk (which finds the dimensions
 * without decoding, and counts segments and metadata bytes against their budgets as it goes), the pixel
 * limits (a small file can claim a huge frame), a reservation in the replica's {@link DecodeBudget}, and only
 * then a real decode, subsampled so that the Java heap holds little whatever the photo's size.
 *
 * <p>What is decoded, and later served, is the photo reduced to an <em>allow-list</em> of what a viewer needs
 * to draw it ({@link #drawable}): compressed metadata (PNG {@code zTXt}, {@code iTXt}, {@code iCCP}), EXIF,
 * XMP, comments and vendor segments never reach a decoder or a reader. The EXIF facts are read from the
 * EXIF block alone by {@link ExifReader}, which follows no pointer beyond the Exif and GPS IFDs.
 *
 * <p>Thread-safe.
 */
public final class PhotoInspector {

    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";

    /** The decode only proves the data is sound; a raster this size is enough and stays small. */
    private static final int DECODED_LONG_SIDE = 512;
    /** Decoder state, the small output raster and stream buffers, whatever the photo. */
    private static final long DECODE_OVERHEAD = 4L << 20;

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    /** PNG chunks a viewer needs to draw the picture; every other chunk is dropped before decoding and serving. */
    private static final Set<String> PNG_DRAWABLE = Set.of("IHDR", "PLTE", "tRNS", "IDAT", "IEND", "gAMA", "cHRM",
            "sRGB", "sBIT", "pHYs", "bKGD");
    private static final Set<String> PNG_CRITICAL = Set.of("IHDR", "PLTE", "IDAT", "IEND");

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP0 = 0xE0;
    private static final int APP1 = 0xE1;
    private static final int APP2 = 0xE2;
    private static final int APP14 = 0xEE;
    /** Table segments a decoder needs: DHT, DAC, DQT, DNL, DRI. */
    private static final Set<Integer> JPEG_TABLES = Set.of(0xC4, 0xCC, 0xDB, 0xDC, 0xDD);
    private static final byte[] JFIF = "JFIF\0".getBytes(US_ASCII);
    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(US_ASCII);
    private static final byte[] ADOBE = "Adobe".getBytes(US_ASCII);
    private static final byte[] EXIF = { 'E', 'x', 'i', 'f', 0, 0 };

    /** Budgets of one photo, besides the replica's decode budget. */
    public record Limits(long maxBytes, long maxPixels, int maxSide, int maxSegments, long maxMetadataBytes) {
        public Limits {
            if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 8));
            }
            if (maxPixels <= 0 || maxSide <= 0 || maxSegments <= 0 || maxMetadataBytes < 0) {
                throw new IllegalArgumentException("the photo limits must be positive");
            }
        }
    }

    private final Limits limits;
    private final DecodeBudget decodeBudget;

    /**
     * @param limits       what one photo may be (the whole file is read into memory once: keep maxBytes to a few MB)
     * @param decodeBudget the replica's decode budget, shared by every inspector of the replica
     */
    public PhotoInspector(Limits limits, DecodeBudget decodeBudget) {
        this.limits = limits;
        this.decodeBudget = decodeBudget;
    }

    /** For tests: these size and pixel limits, the default segment and metadata budgets, a 1 GiB decode budget. */
    public PhotoInspector(long maxBytes, long maxPixels, int maxSide) {
        this(new Limits(maxBytes, maxPixels, maxSide, 4096, 256 * 1024), new DecodeBudget(1L << 30, Duration.ofSeconds(30)));
    }

    /**
     * What an accepted photo is. The EXIF fields are null when the photo does not carry them (or carries
     * them unreadably): they are hints for the reviewer, never a reason to refuse a photo.
     */
    public record Inspected(String mediaType, String sha256Hex, long size, int width, int height,
            OffsetDateTime exifCapturedAt, Double exifLatitude, Double exifLongitude) {
    }

    /**
     * Accepts the photo in {@code file} or says why not.
     *
     * @throws PhotoRejected the photo is empty, too large, not a JPEG or PNG, cut off, damaged, over a budget,
     *                       has too many pixels, or the decode budget stayed full (BUSY)
     * @throws IOException   the file could not be read
     */
    public Inspected inspect(Path file) throws PhotoRejected, IOException {
        long sizeOnDisk = Files.size(file);
        checkSize(sizeOnDisk);
        byte[] data = Files.readAllBytes(file);
        checkSize(data.length); // the file may have changed since it was measured

        String mediaType = mediaTypeOf(data);
        if (mediaType == null) {
            throw new PhotoRejected(Reason.NOT_AN_IMAGE, "The file is not a JPEG or PNG image.");
        }
        Layout layout = JPEG.equals(mediaType) ? jpegLayout(data, limits) : pngLayout(data, limits);
        Frame frame = layout.frame();
        if (frame.width() > limits.maxSide() || frame.height() > limits.maxSide()
                || frame.width() * frame.height() > limits.maxPixels()) {
            throw new PhotoRejected(Reason.TOO_MANY_PIXELS, "The photo is " + frame.width() + " x " + frame.height()
                    + " pixels; at most " + limits.maxSide() + " pixels a side and " + limits.maxPixels()
                    + " pixels in all are accepted.", frame.width() > limits.maxSide() || frame.height() > limits.maxSide()
                            ? "ansinh.deliveries.photos.max-side" : "ansinh.deliveries.photos.max-pixels");
        }
        try (DecodeBudget.Lease lease = decodeBudget.reserve(decodeMemory(mediaType, frame))) {
            decode(layout.drawable(data), mediaType, frame);
        }

        String sha256Hex = HexFormat.of().formatHex(Digests.sha256().digest(data));
        ExifReader.Facts exif = layout.exifLength() > 0 ? ExifReader.read(data, layout.exifOffset(), layout.exifLength())
                : ExifReader.Facts.NONE;
        return new Inspected(mediaType, sha256Hex, data.length, (int) frame.width(), (int) frame.height(),
                exif.capturedAt(), exif.latitude(), exif.longitude());
    }

    /**
     * A byte-level copy of a photo holding only what a viewer needs to draw it (an allow-list): JPEG frame,
     * tables, scans and the JFIF, ICC colour profile and Adobe colour-transform segments, up to the first
     * image's end; PNG header, palette, transparency, colour and density chunks and the image data, up to
     * IEND. Everything else (EXIF with its GPS position, XMP, IPTC, comments, PNG text and compressed
     * profiles, vendor segments, a second picture appended) is left out. The pixels are not re-encoded, so the
     * copy decodes to exactly the same image.
     *
     * @param image     a photo that {@link #inspect} accepted
     * @param mediaType {@link #JPEG} or {@link #PNG}
     * @throws IllegalArgumentException the type is neither, or the bytes are not a well-formed photo of it
     */
    public static byte[] drawable(byte[] image, String mediaType) {
        // served photos were accepted within the configured budgets; these bound only the walk itself
        Limits walk = new Limits(Integer.MAX_VALUE - 8, Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Long.MAX_VALUE);
        try {
            return switch (mediaType) {
                case JPEG -> requireType(image, JPEG, jpegLayout(image, walk)).drawable(image);
                case PNG -> requireType(image, PNG, pngLayout(image, walk)).drawable(image);
                default -> throw new IllegalArgumentException("Not a photo type: " + mediaType);
            };
        } catch (PhotoRejected e) {
            throw new IllegalArgumentException("Cannot serve a damaged photo: " + e.getMessage(), e);
        }
    }

    private static Layout requireType(byte[] image, String type, Layout layout) throws PhotoRejected {
        if (!type.equals(mediaTypeOf(image))) {
            throw new PhotoRejected(Reason.NOT_AN_IMAGE, "Not a " + type + ".");
        }
        return layout;
    }

    private void checkSize(long size) throws PhotoRejected {
        if (size == 0) {
            throw new PhotoRejected(Reason.EMPTY, "The photo is empty.");
        }
        if (size > limits.maxBytes()) {
            throw new PhotoRejected(Reason.TOO_LARGE,
                    "The photo has " + size + " bytes; at most " + limits.maxBytes() + " are accepted.",
                    "ansinh.deliveries.photos.max-size");
        }
    }

    private static String mediaTypeOf(byte[] data) {
        if (data.length >= 3 && (data[0] & 0xFF) == 0xFF && (data[1] & 0xFF) == SOI && (data[2] & 0xFF) == 0xFF) {
            return JPEG;
        }
        if (data.length >= PNG_SIGNATURE.length
                && Arrays.equals(data, 0, PNG_SIGNATURE.length, PNG_SIGNATURE, 0, PNG_SIGNATURE.length)) {
            return PNG;
        }
        return null;
    }

    /**
     * Width and height as the file declares them (long: a PNG may claim up to 2^31 - 1 a side), the number
     * of colour components (JPEG) or bytes per pixel (PNG), and whether the decoder must hold every
     * coefficient of the image at once (progressive or multi-scan JPEG).
     */
    private record Frame(long width, long height, int components, boolean wholeImageBuffered) {
    }

    /**
     * What the walk of a photo found: its frame, the spans of bytes a viewer needs (pairs of start and end),
     * and where its EXIF block is (length 0: none).
     */
    private record Layout(Frame frame, int[] spans, int spanCount, int exifOffset, int exifLength) {

        byte[] drawable(byte[] d) {
            int size = 0;
            for (int i = 0; i < spanCount; i += 2) {
                size += spans[i + 1] - spans[i];
            }
            byte[] out = new byte[size];
            int at = 0;
            for (int i = 0; i < spanCount; i += 2) {
                int n = spans[i + 1] - spans[i];
                System.arraycopy(d, spans[i], out, at, n);
                at += n;
            }
            return out;
        }
    }

    /** Collects byte spans to keep, merging adjacent ones. */
    private static final class Spans {
        int[] spans = new int[32];
        int count;

        void keep(int start, int end) {
            if (end <= start) {
                return;
            }
            if (count > 0 && spans[count - 1] == start) {
                spans[count - 1] = end;
                return;
            }
            if (count == spans.length) {
                spans = Arrays.copyOf(spans, count * 2);
            }
            spans[count++] = start;
            spans[count++] = end;
        }
    }

    /** Counts segments or chunks and metadata bytes against a photo's budgets while walking it. */
    private static final class Budget {
        private final Limits limits;
        private int segments;
        private long metadataBytes;

        Budget(Limits limits) {
            this.limits = limits;
        }

        void segment() throws PhotoRejected {
            if (++segments > limits.maxSegments()) {
                throw new PhotoRejected(Reason.OVER_BUDGET, "The photo has more than " + limits.maxSegments()
                        + " segments or chunks (ansinh.deliveries.photos.max-segments).", "ansinh.deliveries.photos.max-segments");
            }
        }

        void metadata(long bytes) throws PhotoRejected {
            metadataBytes += bytes;
            if (metadataBytes > limits.maxMetadataBytes()) {
                throw new PhotoRejected(Reason.OVER_BUDGET, "The photo carries more than " + limits.maxMetadataBytes()
                        + " bytes of metadata (ansinh.deliveries.photos.max-metadata-size).",
                        "ansinh.deliveries.photos.max-metadata-size");
            }
        }
    }

    // ---- JPEG ------------------------------------------------------------------------------------------

    /**
     * One marker segment of a JPEG. {@code start} is its first FF (fill bytes included), {@code body} the
     * first byte after the length field and {@code end} the first byte after the segment; a standalone
     * marker (TEM, RSTn, EOI) has no length and {@code body == end}.
     */
    private record JpegSegment(int start, int marker, int body, int end) {

        static JpegSegment at(byte[] d, int pos) throws PhotoRejected {
            if (pos >= d.length) {
                throw truncated();
            }
            if ((d[pos] & 0xFF) != 0xFF) {
                throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG structure is damaged (no marker where one is due).");
            }
            int p = pos;
            while (p < d.length && (d[p] & 0xFF) == 0xFF) {
                p++; // any number of FF fill bytes may precede a marker
            }
            if (p >= d.length) {
                throw truncated();
            }
            int marker = d[p++] & 0xFF;
            if (marker == 0x00 || marker == SOI) {
                throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG structure is damaged (unexpected marker).");
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == EOI) {
                return new JpegSegment(pos, marker, p, p);
            }
            if (p + 2 > d.length) {
                throw truncated();
            }
            int length = u16(d, p);
            if (length < 2) {
                throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG structure is damaged (bad segment length).");
            }
            int end = p + length;
            if (end > d.length) {
                throw truncated();
            }
            return new JpegSegment(pos, marker, p + 2, end);
        }

        /** SOF0..SOF15, except the three markers in that range that are not frames (DHT, JPG, DAC). */
        boolean isStartOfFrame() {
            return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        }

        /** SOF2, SOF6, SOF10, SOF14: progressive. */
        boolean isProgressive() {
            return marker == 0xC2 || marker == 0xC6 || marker == 0xCA || marker == 0xCE;
        }

        boolean startsWith(byte[] d, byte[] identifier) {
            return end - body >= identifier.length && Arrays.equals(d, body, body + identifier.length, identifier, 0,
                    identifier.length);
        }
    }

    /**
     * Walks the whole first image: the segments before the first scan, each scan's entropy-coded data and the
     * segments between scans, up to its EOI; then checks that the file ends with EOI (a multi-picture file
     * may carry further pictures after the first, which are never served). Keeps what a viewer needs.
     */
    private static Layout jpegLayout(byte[] d, Limits limits) throws PhotoRejected {
        Budget budget = new Budget(limits);
        Spans keep = new Spans();
        keep.keep(0, 2); // SOI
        Frame frame = null;
        boolean progressive = false;
        int scans = 0;
        int exifOffset = 0;
        int exifLength = 0;
        int pos = 2;
        while (true) {
            JpegSegment segment = JpegSegment.at(d, pos);
            budget.segment();
            int marker = segment.marker();
            if (marker == EOI) {
                if (scans == 0) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG ends before its image data.");
                }
                keep.keep(segment.end() - 2, segment.end());
                pos = segment.end();
                break;
            }
            if (marker == SOS) {
                if (frame == null) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG has image data but no frame header.");
                }
                scans++;
                int dataEnd = endOfEntropyData(d, segment.end());
                keep.keep(segment.start(), dataEnd);
                pos = dataEnd;
                continue;
            }
            if (segment.isStartOfFrame()) {
                if (frame != null) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG has two frame headers.");
                }
                int b = segment.body();
                if (segment.end() - b < 6) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG frame header is damaged.");
                }
                frame = new Frame(u16(d, b + 3), u16(d, b + 1), Math.max(1, d[b + 5] & 0xFF), false);
                if (frame.width() == 0 || frame.height() == 0) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG declares no width or height.");
                }
                progressive = segment.isProgressive();
                keep.keep(segment.start(), segment.end());
            } else if (JPEG_TABLES.contains(marker)) {
                keep.keep(segment.start(), segment.end());
            } else {
                int length = segment.end() - segment.start();
                budget.metadata(length);
                boolean beforeScans = scans == 0;
                if (beforeScans && ((marker == APP0 && segment.startsWith(d, JFIF))
                        || (marker == APP2 && segment.startsWith(d, ICC_PROFILE))
                        || (marker == APP14 && segment.startsWith(d, ADOBE)))) {
                    keep.keep(segment.start(), segment.end());
                } else if (beforeScans && marker == APP1 && exifLength == 0 && segment.startsWith(d, EXIF)) {
                    exifOffset = segment.body() + EXIF.length;
                    exifLength = segment.end() - exifOffset;
                }
                // anything else (APP1 EXIF and XMP, APP13, COM, vendor segments, RSTn or TEM out of place) is left out
            }
            pos = segment.end();
        }
        // the file must end with the first image's EOI or with a later picture's: anything else is cut off;
        // some cameras and copy tools follow it with zero padding
        int end = d.length;
        while (end > pos && d[end - 1] == 0) {
            end--;
        }
        if (end > pos && (end - pos < 2 || (d[end - 2] & 0xFF) != 0xFF || (d[end - 1] & 0xFF) != EOI)) {
            throw truncated();
        }
        Frame sized = new Frame(frame.width(), frame.height(), frame.components(), progressive || scans > 1);
        return new Layout(sized, keep.spans, keep.count, exifOffset, exifLength);
    }

    /**
     * The first byte of the marker that ends the entropy-coded data starting at {@code pos} (where FF is
     * followed by 00 for a data byte, by a restart marker, or by fill FFs).
     */
    private static int endOfEntropyData(byte[] d, int pos) throws PhotoRejected {
        int i = pos;
        while (i + 1 < d.length) {
            if ((d[i] & 0xFF) == 0xFF) {
                int next = d[i + 1] & 0xFF;
                if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
                    i += 2;
                    continue;
                }
                if (next == 0xFF) {
                    i++;
                    continue;
                }
                return i;
            }
            i++;
        }
        throw truncated();
    }

    // ---- PNG -------------------------------------------------------------------------------------------

    /** One PNG chunk: {@code start} is its length field, {@code data} its first data byte, {@code end} the byte after its CRC. */
    private record PngChunk(int start, String type, int data, int length, int end) {

        static PngChunk at(byte[] d, int pos) throws PhotoRejected {
            if (d.length - pos < 12) {
                throw truncated(); // the file ends before IEND, possibly in the middle of a chunk
            }
            long length = u32(d, pos);
            if (length > d.length - pos - 12) {
                throw truncated();
            }
            String type = new String(d, pos + 4, 4, US_ASCII);
            return new PngChunk(pos, type, pos + 8, (int) length, pos + 12 + (int) length);
        }

        boolean crcMatches(byte[] d) {
            CRC32 crc = new CRC32();
            crc.update(d, start + 4, 4 + length);
            return crc.getValue() == u32(d, data + length);
        }

        /** Critical chunks have an upper-case first letter; a decoder that does not know one must stop. */
        boolean critical() {
            return Character.isUpperCase(type.charAt(0));
        }
    }

    /**
     * Walks every chunk checking its CRC: IHDR first (the frame size), the image data in one run of IDAT
     * chunks, IEND last, nothing but zero padding after it. Keeps what a viewer needs.
     */
    private static Layout pngLayout(byte[] d, Limits limits) throws PhotoRejected {
        Budget budget = new Budget(limits);
        Spans keep = new Spans();
        keep.keep(0, PNG_SIGNATURE.length);
        Frame frame = null;
        int dataChunks = 0;
        boolean dataEnded = false;
        int exifOffset = 0;
        int exifLength = 0;
        int pos = PNG_SIGNATURE.length;
        while (true) {
            PngChunk chunk = PngChunk.at(d, pos);
            budget.segment();
            if (!chunk.crcMatches(d)) {
                throw new PhotoRejected(Reason.UNDECODABLE,
                        "The PNG is damaged (checksum mismatch in a " + printable(chunk.type()) + " chunk).");
            }
            String type = chunk.type();
            boolean header = type.equals("IHDR");
            if (frame == null) {
                if (!header || chunk.length() != 13) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The PNG does not start with its header chunk.");
                }
                int b = chunk.data();
                int bitDepth = d[b + 8] & 0xFF;
                int channels = switch (d[b + 9] & 0xFF) {
                    case 2 -> 3;
                    case 4 -> 2;
                    case 6 -> 4;
                    default -> 1;
                };
                frame = new Frame(u32(d, b), u32(d, b + 4), Math.max(1, channels * Math.max(8, bitDepth) / 8), false);
                if (frame.width() == 0 || frame.height() == 0) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The PNG declares no width or height.");
                }
            } else if (header) {
                throw new PhotoRejected(Reason.UNDECODABLE, "The PNG has two header chunks.");
            }
            if (type.equals("IDAT")) {
                if (dataEnded) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The PNG's image data is interleaved with other chunks.");
                }
                dataChunks++;
            } else {
                if (dataChunks > 0) {
                    dataEnded = true;
                }
                budget.metadata(chunk.length());
                if (chunk.critical() && !PNG_CRITICAL.contains(type)) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The PNG has an unknown critical chunk.");
                }
                if (type.equals("eXIf") && exifLength == 0) {
                    exifOffset = chunk.data();
                    exifLength = chunk.length();
                }
            }
            if (PNG_DRAWABLE.contains(type)) {
                keep.keep(chunk.start(), chunk.end());
            }
            pos = chunk.end();
            if (type.equals("IEND")) {
                break;
            }
        }
        if (dataChunks == 0) {
            throw new PhotoRejected(Reason.UNDECODABLE, "The PNG has no image data.");
        }
        for (int i = pos; i < d.length; i++) {
            if (d[i] != 0) {
                // Zero padding is harmless; anything else after IEND is a file smuggled in behind the image.
                throw new PhotoRejected(Reason.UNDECODABLE, "The PNG has data after its end.");
            }
        }
        return new Layout(frame, keep.spans, keep.count, exifOffset, exifLength);
    }

    // ---- decode ----------------------------------------------------------------------------------------

    /**
     * What decoding the photo takes, mostly outside the Java heap. A progressive (or multi-scan) JPEG makes
     * the decoder hold every DCT coefficient of the image at once: 2 bytes per sample per component. A
     * single-scan JPEG and a PNG are decoded a row (of 8 or 16 pixel rows for JPEG) at a time.
     */
    static long decodeMemory(String mediaType, long width, long height, int components, boolean wholeImageBuffered) {
        long perRow = JPEG.equals(mediaType) ? width * components * 16 * 4 : width * components * 3;
        long whole = wholeImageBuffered ? width * height * components * 2 : 0;
        return DECODE_OVERHEAD + perRow + whole;
    }

    private static long decodeMemory(String mediaType, Frame frame) {
        return decodeMemory(mediaType, frame.width(), frame.height(), frame.components(), frame.wholeImageBuffered());
    }

    /**
     * Decodes the whole compressed stream, subsampled to a small raster. The JPEG decoder reports damaged
     * entropy data (e.g. "premature end of data segment") only as a warning and fills in grey, so a warning
     * is treated as a failure: the reviewer must not be shown a half-grey photo as evidence.
     */
    private static void decode(byte[] data, String mediaType, Frame frame) throws PhotoRejected {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(mediaType);
        if (!readers.hasNext()) {
            throw new IllegalStateException("No image reader for " + mediaType);
        }
        ImageReader reader = readers.next();
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        // A memory-backed stream over the bytes already read: ImageIO's default may cache to a temp file.
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            reader.setInput(in, true, true);
            ImageReadParam param = reader.getDefaultReadParam();
            long longSide = Math.max(frame.width(), frame.height());
            int step = (int) Math.max(1, (longSide + DECODED_LONG_SIDE - 1) / DECODED_LONG_SIDE);
            param.setSourceSubsampling(step, step, 0, 0);
            reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw new PhotoRejected(Reason.UNDECODABLE, "The photo could not be decoded: " + e.getMessage(), e);
        } finally {
            reader.dispose();
        }
        if (!warnings.isEmpty()) {
            throw new PhotoRejected(Reason.UNDECODABLE, "The photo is damaged: " + warnings.get(0));
        }
    }

    // ---- bytes -----------------------------------------------------------------------------------------

    private static PhotoRejected truncated() {
        return new PhotoRejected(Reason.TRUNCATED, "The photo is incomplete: the file stops before the image ends.");
    }

    private static String printable(String chunkType) {
        return chunkType.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) ? chunkType : "malformed";
    }

    private static int u16(byte[] d, int at) {
        return (d[at] & 0xFF) << 8 | (d[at + 1] & 0xFF);
    }

    private static long u32(byte[] d, int at) {
        return (long) u16(d, at) << 16 | u16(d, at + 2);
    }
}
