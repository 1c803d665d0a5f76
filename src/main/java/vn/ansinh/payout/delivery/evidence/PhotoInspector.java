package vn.ansinh.payout.delivery.evidence;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
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

import com.drew.imaging.FileType;
import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;

import vn.ansinh.payout.common.Digests;
import vn.ansinh.payout.delivery.evidence.PhotoRejected.Reason;

/**
 * Checks an uploaded evidence photo by its content, never by its name or declared type, and reads what the
 * photo says about when and where it was taken.
 *
 * <p>The checks go from cheap to expensive so that hostile or broken files are refused early: the size on
 * disk, the magic bytes, a structural walk of the JPEG segments or PNG chunks (which finds the dimensions
 * without decoding), the pixel limits (a small file can claim a huge frame and exhaust memory when decoded),
 * and only then a real decode, subsampled so that it needs little memory whatever the photo's size.
 *
 * <p>Stateless and thread-safe.
 */
public final class PhotoInspector {

    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";

    /** EXIF times without an offset are local times of the phone, which is in Viet Nam. */
    private static final ZoneId LOCAL_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final DateTimeFormatter EXIF_DATE_TIME = DateTimeFormatter.ofPattern("uuuu:MM:dd HH:mm:ss")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final int EXIF_DATE_TIME_LENGTH = 19;

    /** The decode only proves the data is sound; a raster this size is enough and stays small. */
    private static final int DECODED_LONG_SIDE = 512;

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    private static final Set<String> PNG_METADATA_CHUNKS = Set.of("eXIf", "tEXt", "zTXt", "iTXt", "tIME");

    private static final int SOI = 0xD8;
    private static final int EOI = 0xD9;
    private static final int SOS = 0xDA;
    private static final int APP1 = 0xE1;
    private static final int APP13 = 0xED;
    private static final int COM = 0xFE;

    private final long maxBytes;
    private final long maxPixels;
    private final int maxSide;

    /**
     * @param maxBytes  largest accepted file (the whole file is read into memory once, so keep this to a few MB)
     * @param maxPixels largest accepted width × height
     * @param maxSide   largest accepted width or height
     */
    public PhotoInspector(long maxBytes, long maxPixels, int maxSide) {
        if (maxBytes <= 0 || maxBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBytes must be between 1 and " + (Integer.MAX_VALUE - 8));
        }
        if (maxPixels <= 0 || maxSide <= 0) {
            throw new IllegalArgumentException("maxPixels and maxSide must be positive");
        }
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
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
     * @throws PhotoRejected the photo is empty, too large, not a JPEG or PNG, cut off, damaged or has too many pixels
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
        Frame frame = JPEG.equals(mediaType) ? jpegFrame(data) : pngFrame(data);
        if (frame.width() > maxSide || frame.height() > maxSide || frame.width() * frame.height() > maxPixels) {
            throw new PhotoRejected(Reason.TOO_MANY_PIXELS, "The photo is " + frame.width() + " x " + frame.height()
                    + " pixels; at most " + maxSide + " pixels a side and " + maxPixels + " pixels in all are accepted.");
        }
        decode(data, mediaType, frame);

        String sha256Hex = HexFormat.of().formatHex(Digests.sha256().digest(data));
        Exif exif = readExif(data, mediaType);
        return new Inspected(mediaType, sha256Hex, data.length, (int) frame.width(), (int) frame.height(),
                exif.capturedAt(), exif.latitude(), exif.longitude());
    }

    /**
     * A byte-level copy of a photo without the metadata that can locate or identify someone (EXIF with its
     * GPS position, XMP, IPTC, comments, PNG text and time chunks). The pixels are not re-encoded, so the
     * copy loses no quality and decodes to exactly the same image.
     *
     * <p>JPEG: APP1, APP13 and COM segments before the first scan are dropped; everything from the first SOS
     * on is copied as it is. PNG: {@code eXIf}, {@code tEXt}, {@code zTXt}, {@code iTXt} and {@code tIME}
     * chunks are dropped; the others are copied byte for byte, up to and including IEND.
     *
     * @param image     a photo that {@link #inspect} accepted
     * @param mediaType {@link #JPEG} or {@link #PNG}
     * @throws IllegalArgumentException the type is neither, or the bytes are not a well-formed photo of it
     */
    public static byte[] withoutMetadata(byte[] image, String mediaType) {
        try {
            return switch (mediaType) {
                case JPEG -> jpegWithoutMetadata(image);
                case PNG -> pngWithoutMetadata(image);
                default -> throw new IllegalArgumentException("Not a photo type: " + mediaType);
            };
        } catch (PhotoRejected e) {
            throw new IllegalArgumentException("Cannot strip a damaged photo: " + e.getMessage(), e);
        }
    }

    private void checkSize(long size) throws PhotoRejected {
        if (size == 0) {
            throw new PhotoRejected(Reason.EMPTY, "The photo is empty.");
        }
        if (size > maxBytes) {
            throw new PhotoRejected(Reason.TOO_LARGE,
                    "The photo has " + size + " bytes; at most " + maxBytes + " are accepted.");
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

    /** Width and height as the file declares them; long, since a PNG may claim up to 2^31 - 1 a side. */
    private record Frame(long width, long height) {
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
    }

    /** Walks the segments up to the first scan for the frame size, then checks that the data ends with EOI. */
    private static Frame jpegFrame(byte[] d) throws PhotoRejected {
        Frame frame = null;
        int pos = 2;
        while (true) {
            JpegSegment segment = JpegSegment.at(d, pos);
            if (segment.marker() == SOS) {
                pos = segment.end();
                break;
            }
            if (segment.marker() == EOI) {
                throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG ends before its image data.");
            }
            if (frame == null && segment.isStartOfFrame()) {
                int b = segment.body();
                if (segment.end() - b < 6) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG frame header is damaged.");
                }
                frame = new Frame(u16(d, b + 3), u16(d, b + 1));
                if (frame.width() == 0 || frame.height() == 0) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG declares no width or height.");
                }
            }
            pos = segment.end();
        }
        if (frame == null) {
            throw new PhotoRejected(Reason.UNDECODABLE, "The JPEG has image data but no frame header.");
        }
        // The entropy-coded data is not walked (the decoder checks it); the file must end with EOI, which
        // some cameras and copy tools follow with zero padding.
        int end = d.length;
        while (end > pos && d[end - 1] == 0) {
            end--;
        }
        if (end - pos < 2 || (d[end - 2] & 0xFF) != 0xFF || (d[end - 1] & 0xFF) != EOI) {
            throw truncated();
        }
        return frame;
    }

    private static byte[] jpegWithoutMetadata(byte[] d) throws PhotoRejected {
        if (!JPEG.equals(mediaTypeOf(d))) {
            throw new PhotoRejected(Reason.NOT_AN_IMAGE, "Not a JPEG.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(d, 0, 2);
        int pos = 2;
        while (true) {
            JpegSegment segment = JpegSegment.at(d, pos);
            if (segment.marker() == SOS || segment.marker() == EOI) {
                // the image ends at its EOI: anything after it (a second picture of a multi-picture file, with
                // its own EXIF and GPS, or other appended data) is not served
                int end = segment.marker() == EOI ? segment.start() + 2 : endOfImage(d, segment.start());
                out.write(d, segment.start(), end - segment.start());
                return out.toByteArray();
            }
            int marker = segment.marker();
            if (marker != APP1 && marker != APP13 && marker != COM) {
                out.write(d, segment.start(), segment.end() - segment.start());
            }
            pos = segment.end();
        }
    }

    /**
     * The byte after the first image's EOI, walking from an SOS: entropy-coded data (where FF is followed
     * by 00 or a restart marker), then the segments between scans of a progressive image, each skipped by
     * its length. The end of the data when no EOI is found.
     */
    static int endOfImage(byte[] d, int sos) {
        int pos = sos;
        while (pos + 3 < d.length) {
            // a segment with a length: SOS, or a table between scans
            int length = ((d[pos + 2] & 0xFF) << 8) | (d[pos + 3] & 0xFF);
            boolean scan = (d[pos + 1] & 0xFF) == SOS;
            pos += 2 + length;
            if (!scan) {
                if (pos + 1 < d.length && (d[pos] & 0xFF) == 0xFF) {
                    int next = d[pos + 1] & 0xFF;
                    if (next == EOI) {
                        return pos + 2;
                    }
                    continue;
                }
                return d.length;
            }
            while (pos + 1 < d.length) {
                if ((d[pos] & 0xFF) == 0xFF) {
                    int next = d[pos + 1] & 0xFF;
                    if (next == EOI) {
                        return pos + 2;
                    }
                    if (next != 0x00 && !(next >= 0xD0 && next <= 0xD7) && next != 0xFF) {
                        break; // a marker: the next segment (another scan, or a table)
                    }
                }
                pos++;
            }
        }
        return d.length;
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
    }

    /** Walks every chunk checking its CRC: IHDR first (the frame size), at least one IDAT, IEND last. */
    private static Frame pngFrame(byte[] d) throws PhotoRejected {
        Frame frame = null;
        int dataChunks = 0;
        int pos = PNG_SIGNATURE.length;
        while (true) {
            PngChunk chunk = PngChunk.at(d, pos);
            if (!chunk.crcMatches(d)) {
                throw new PhotoRejected(Reason.UNDECODABLE,
                        "The PNG is damaged (checksum mismatch in a " + printable(chunk.type()) + " chunk).");
            }
            boolean header = chunk.type().equals("IHDR");
            if (frame == null) {
                if (!header || chunk.length() != 13) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The PNG does not start with its header chunk.");
                }
                frame = new Frame(u32(d, chunk.data()), u32(d, chunk.data() + 4));
                if (frame.width() == 0 || frame.height() == 0) {
                    throw new PhotoRejected(Reason.UNDECODABLE, "The PNG declares no width or height.");
                }
            } else if (header) {
                throw new PhotoRejected(Reason.UNDECODABLE, "The PNG has two header chunks.");
            }
            if (chunk.type().equals("IDAT")) {
                dataChunks++;
            }
            pos = chunk.end();
            if (chunk.type().equals("IEND")) {
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
        return frame;
    }

    private static byte[] pngWithoutMetadata(byte[] d) throws PhotoRejected {
        if (!PNG.equals(mediaTypeOf(d))) {
            throw new PhotoRejected(Reason.NOT_AN_IMAGE, "Not a PNG.");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(d.length);
        out.write(d, 0, PNG_SIGNATURE.length);
        int pos = PNG_SIGNATURE.length;
        while (true) {
            PngChunk chunk = PngChunk.at(d, pos);
            if (!PNG_METADATA_CHUNKS.contains(chunk.type())) {
                out.write(d, chunk.start(), chunk.end() - chunk.start());
            }
            pos = chunk.end();
            if (chunk.type().equals("IEND")) {
                return out.toByteArray();
            }
        }
    }

    // ---- decode ----------------------------------------------------------------------------------------

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

    // ---- EXIF ------------------------------------------------------------------------------------------

    private record Exif(OffsetDateTime capturedAt, Double latitude, Double longitude) {
        static final Exif NONE = new Exif(null, null, null);
    }

    /** Capture time and position, if the photo says; anything missing or unreadable is left null. */
    private static Exif readExif(byte[] data, String mediaType) {
        try {
            Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(data), data.length,
                    JPEG.equals(mediaType) ? FileType.Jpeg : FileType.Png);
            GeoLocation location = location(metadata);
            return new Exif(capturedAt(metadata),
                    location == null ? null : location.getLatitude(),
                    location == null ? null : location.getLongitude());
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return Exif.NONE;
        }
    }

    private static OffsetDateTime capturedAt(Metadata metadata) {
        for (ExifSubIFDDirectory directory : metadata.getDirectoriesOfType(ExifSubIFDDirectory.class)) {
            LocalDateTime local = exifDateTime(directory.getString(ExifDirectoryBase.TAG_DATETIME_ORIGINAL));
            if (local != null) {
                ZoneOffset offset = exifOffset(directory.getString(ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL));
                return offset != null ? local.atOffset(offset) : local.atZone(LOCAL_ZONE).toOffsetDateTime();
            }
        }
        return null;
    }

    /** "yyyy:MM:dd HH:mm:ss"; cameras without a clock write zeros or blanks, which give null. */
    private static LocalDateTime exifDateTime(String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() < EXIF_DATE_TIME_LENGTH) {
            return null;
        }
        try {
            return LocalDateTime.parse(trimmed.substring(0, EXIF_DATE_TIME_LENGTH), EXIF_DATE_TIME);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** OffsetTimeOriginal (0x9011), e.g. "+07:00". */
    private static ZoneOffset exifOffset(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return ZoneOffset.of(text.strip());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The GPS position; (0, 0) is what phones without a fix write, so it counts as none. */
    private static GeoLocation location(Metadata metadata) {
        for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            GeoLocation location = gps.getGeoLocation();
            if (location != null && !location.isZero()
                    && Math.abs(location.getLatitude()) <= 90 && Math.abs(location.getLongitude()) <= 180) {
                return location;
            }
        }
        return null;
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
