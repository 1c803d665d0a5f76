package vn.ansinh.payout.testing;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import vn.ansinh.payout.delivery.evidence.TestImages;

/**
 * The corpus of hostile files, built by code rather than kept as binaries: a decompression bomb that
 * expands to hundreds of megabytes is a few hundred kilobytes here, and the same call always gives the same
 * bytes. Each method says what the file attacks.
 */
public final class HostileFiles {

    private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };
    private static final int MIB = 1 << 20;

    private HostileFiles() {
    }

    // ---- compression bombs -----------------------------------------------------------------------------

    /**
     * A raw deflate stream that expands to {@code mib} MiB of zeros: one MiB compressed once (about 1 KB,
     * ending on a byte boundary), repeated, then an empty final block. Costs nothing to build at any size.
     */
    public static byte[] deflateBomb(int mib) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        deflater.setInput(new byte[MIB]);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        while (!deflater.needsInput()) {
            int n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            block.write(buf, 0, n);
        }
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            block.write(buf, 0, n);
        }
        deflater.end();
        byte[] one = block.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(one.length * mib + 8);
        for (int i = 0; i < mib; i++) {
            out.writeBytes(one);
        }
        out.writeBytes(new byte[] { 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF }); // final, stored, empty
        return out.toByteArray();
    }

    /** {@link #deflateBomb} in a zlib wrapper (header and Adler-32 of the zeros), as PNG chunks carry it. */
    public static byte[] zlibBomb(int mib) {
        byte[] raw = deflateBomb(mib);
        long adler = ((((long) mib * MIB) % 65521) << 16) | 1; // Adler-32 of n zero bytes
        return ByteBuffer.allocate(raw.length + 6).put((byte) 0x78).put((byte) 0xDA).put(raw).putInt((int) adler).array();
    }

    /** A 1×1 PNG with a zTXt chunk that inflates to {@code mib} MiB (the 292 KB reproduction, larger). */
    public static byte[] pngZtxtBomb(int mib) {
        return pngWithChunkAfterHeader("zTXt", concat("Raw profile type exif\0".getBytes(ISO_8859_1), new byte[] { 0 },
                zlibBomb(mib)));
    }

    /** The same as a compressed iTXt chunk (keyword, compression flag 1, method 0, empty language and keyword). */
    public static byte[] pngItxtBomb(int mib) {
        return pngWithChunkAfterHeader("iTXt", concat("XML:com.adobe.xmp\0".getBytes(ISO_8859_1),
                new byte[] { 1, 0, 0, 0 }, zlibBomb(mib)));
    }

    /** The same as an embedded ICC profile (iCCP), which viewers and metadata readers inflate. */
    public static byte[] pngIccpBomb(int mib) {
        return pngWithChunkAfterHeader("iCCP", concat("icc\0".getBytes(ISO_8859_1), new byte[] { 0 }, zlibBomb(mib)));
    }

    /** A small PNG whose image data is split by a text chunk: IDAT, tEXt, IDAT (the spec wants them consecutive). */
    public static byte[] pngInterleavedData() {
        byte[] plain = TestImages.png(32, 32, 5);
        int pos = PNG_SIGNATURE.length;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, pos);
        while (pos < plain.length) {
            int length = ByteBuffer.wrap(plain, pos, 4).getInt();
            String type = new String(plain, pos + 4, 4, US_ASCII);
            if (type.equals("IDAT")) {
                int half = length / 2;
                out.writeBytes(TestImages.pngChunk("IDAT", java.util.Arrays.copyOfRange(plain, pos + 8, pos + 8 + half)));
                out.writeBytes(TestImages.pngChunk("tEXt", "Comment\0interleaved".getBytes(ISO_8859_1)));
                out.writeBytes(TestImages.pngChunk("IDAT", java.util.Arrays.copyOfRange(plain, pos + 8 + half, pos + 8 + length)));
            } else {
                out.write(plain, pos, length + 12);
            }
            pos += length + 12;
        }
        return out.toByteArray();
    }

    // ---- JPEG segments ---------------------------------------------------------------------------------

    /**
     * A JPEG with {@code segments} APP13 (Photoshop) segments of almost 64 KB each, every one declaring an
     * image resource of 2^31 - 16 bytes: readers that allocate what a resource declares ask for 2 GB.
     */
    public static byte[] jpegPhotoshopBomb(int segments) {
        byte[] body = new byte[65_000];
        ByteBuffer b = ByteBuffer.wrap(body);
        b.put("Photoshop 3.0\0".getBytes(US_ASCII));
        while (b.remaining() >= 16) {
            b.put("8BIM".getBytes(US_ASCII)).putShort((short) 0x0404).putShort((short) 0).putInt(0x7FFFFFF0);
        }
        byte[][] extra = new byte[segments][];
        for (int i = 0; i < segments; i++) {
            extra[i] = segment(0xED, body);
        }
        return jpegWithSegments(extra);
    }

    /** A JPEG carrying {@code count} empty comment segments: a count budget, not a size one, stops it. */
    public static byte[] jpegManySegments(int count) {
        byte[][] extra = new byte[count][];
        for (int i = 0; i < count; i++) {
            extra[i] = segment(0xFE, new byte[] { 'x' });
        }
        return jpegWithSegments(extra);
    }

    /**
     * A JPEG whose Exif block chains {@code depth} IFDs, each pointing at the next through an Exif-IFD
     * pointer, ending in a loop back to the first: a reader that follows pointers recursively overflows its
     * stack or never ends.
     */
    public static byte[] jpegNestedExif(int depth) {
        int ifdSize = 2 + 12 + 4;
        ByteBuffer tiff = ByteBuffer.allocate(8 + ifdSize * depth);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8);
        for (int i = 0; i < depth; i++) {
            int next = i + 1 < depth ? 8 + ifdSize * (i + 1) : 8; // the last one points back to the first
            tiff.putShort((short) 1).putShort((short) 0x8769).putShort((short) 4).putInt(1).putInt(next).putInt(0);
        }
        byte[] app1 = segment(0xE1, concat(new byte[] { 'E', 'x', 'i', 'f', 0, 0 }, tiff.array()));
        return jpegWithSegments(app1);
    }

    /** A baseline JPEG header claiming {@code width} × {@code height} with a few bytes of data (refused before decoding). */
    public static byte[] jpegHugeFrame(int width, int height) {
        byte[] plain = TestImages.jpeg(16, 16, 3);
        int pos = 2;
        while (true) {
            int marker = plain[pos + 1] & 0xFF;
            int length = ((plain[pos + 2] & 0xFF) << 8) | (plain[pos + 3] & 0xFF);
            if (marker == 0xC0) {
                ByteBuffer.wrap(plain, pos + 5, 4).putShort((short) height).putShort((short) width);
                return plain;
            }
            pos += 2 + length;
        }
    }

    /**
     * A progressive JPEG header claiming {@code width} × {@code height}: within the pixel limits, but its decoder
     * would hold every coefficient (2 bytes per sample), more than the replica's decode budget.
     */
    public static byte[] jpegProgressiveFrame(int width, int height) {
        byte[] jpeg = jpegHugeFrame(width, height);
        for (int pos = 2; ; ) {
            if ((jpeg[pos + 1] & 0xFF) == 0xC0) {
                jpeg[pos + 1] = (byte) 0xC2;
                return jpeg;
            }
            pos += 2 + (((jpeg[pos + 2] & 0xFF) << 8) | (jpeg[pos + 3] & 0xFF));
        }
    }

    /** {@code bytes} bytes of a good JPEG followed by nothing: an upload cut short. */
    public static byte[] truncated(byte[] image, int bytes) {
        return java.util.Arrays.copyOf(image, bytes);
    }

    // ---- spreadsheets ----------------------------------------------------------------------------------

    /** The parts every workbook needs besides its sheet, for a workbook whose sheet1.xml is {@code sheet}. */
    private static void workbookParts(ZipOutputStream zip) throws IOException {
        put(zip, "[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                + "</Types>");
        put(zip, "_rels/.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>");
        put(zip, "xl/workbook.xml", "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>"
                + "<sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        put(zip, "xl/_rels/workbook.xml.rels", "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                + "</Relationships>");
    }

    /**
     * An XLSX whose sheet inflates to {@code mib} MiB of spaces inside the sheet element (a zip bomb: about
     * 1 KB per MiB), with a declared uncompressed size of 1 KB so that a check of the declared sizes alone
     * lets it through.
     */
    public static byte[] xlsxZipBomb(int mib) {
        // spaces, not zeros: the XML is well-formed for as long as it is read
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] spaces = new byte[MIB];
        java.util.Arrays.fill(spaces, (byte) ' ');
        deflater.setInput(spaces);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        int n;
        while ((n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            block.write(buf, 0, n);
        }
        deflater.end();
        byte[] one = block.toByteArray();
        Deflater head = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] prefix = ("<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">")
                .getBytes(UTF_8);
        head.setInput(prefix);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        while ((n = head.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH)) > 0) {
            compressed.write(buf, 0, n);
        }
        head.end();
        for (int i = 0; i < mib; i++) {
            compressed.writeBytes(one);
        }
        compressed.writeBytes(new byte[] { 0x01, 0x00, 0x00, (byte) 0xFF, (byte) 0xFF });
        byte[] data = compressed.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            workbookParts(zip); // the sheet is added by hand below: ZipOutputStream would write its true size
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ZipBuilder.withRawDeflatedEntry(out.toByteArray(), "xl/worksheets/sheet1.xml", data, 1024);
    }

    /** An XLSX of {@code entries} tiny entries besides a valid workbook: an entry-count budget stops it. */
    public static byte[] xlsxManyEntries(int entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            workbookParts(zip);
            put(zip, "xl/worksheets/sheet1.xml", sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>national_id</t></is></c></row>"));
            for (int i = 0; i < entries; i++) {
                put(zip, "customXml/item" + i + ".xml", "<a/>");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An XLSX whose sheet nests {@code depth} elements inside a cell. */
    public static byte[] xlsxDeeplyNested(int depth) {
        StringBuilder xml = new StringBuilder("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is>");
        xml.append("<r>".repeat(depth)).append("<t>x</t>").append("</r>".repeat(depth)).append("</is></c></row>");
        return xlsx(sheet(xml.toString()));
    }

    /** An XLSX whose shared strings declare an entity that expands a billion times (billion laughs). */
    public static byte[] xlsxBillionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY l0 \"ha\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
        }
        dtd.append("]><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&l9;</t></si></sst>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            workbookParts(zip);
            put(zip, "xl/sharedStrings.xml", dtd.toString());
            put(zip, "xl/worksheets/sheet1.xml", sheet("<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A workbook whose only sheet is {@code sheetXml}. */
    public static byte[] xlsx(String sheetXml) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            workbookParts(zip);
            put(zip, "xl/worksheets/sheet1.xml", sheetXml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String sheet(String rows) {
        return "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + rows + "</sheetData></worksheet>";
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(UTF_8));
        zip.closeEntry();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static byte[] pngWithChunkAfterHeader(String type, byte[] data) {
        byte[] plain = TestImages.png(1, 1, 1);
        byte[] chunk = TestImages.pngChunk(type, data);
        int afterHeader = PNG_SIGNATURE.length + 12 + 13;
        return ByteBuffer.allocate(plain.length + chunk.length)
                .put(plain, 0, afterHeader).put(chunk).put(plain, afterHeader, plain.length - afterHeader).array();
    }

    /** A 64×48 JPEG with {@code extra} segments right after SOI. */
    private static byte[] jpegWithSegments(byte[]... extra) {
        byte[] plain = TestImages.jpeg(64, 48, 11);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(plain, 0, 2);
        for (byte[] e : extra) {
            out.writeBytes(e);
        }
        out.write(plain, 2, plain.length - 2);
        return out.toByteArray();
    }

    public static byte[] segment(int marker, byte[] body) {
        return ByteBuffer.allocate(4 + body.length).put((byte) 0xFF).put((byte) marker)
                .putShort((short) (body.length + 2)).put(body).array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Appends one entry of already-deflated bytes to a zip built by ZipOutputStream, with a size it lies about. */
    static final class ZipBuilder {
        private ZipBuilder() {
        }

        static byte[] withRawDeflatedEntry(byte[] zip, String name, byte[] deflated, long declaredSize) {
            // split the zip into its entries' data and its central directory (end record: 22 bytes, no comment)
            ByteBuffer z = ByteBuffer.wrap(zip).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int eocd = zip.length - 22;
            int entries = z.getShort(eocd + 10) & 0xFFFF;
            int cdSize = z.getInt(eocd + 12);
            int cdOffset = z.getInt(eocd + 16);
            byte[] nameBytes = name.getBytes(UTF_8);
            CRC32 crc = new CRC32();
            ByteBuffer local = ByteBuffer.allocate(30 + nameBytes.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            local.putInt(0x04034b50).putShort((short) 20).putShort((short) 0).putShort((short) 8).putShort((short) 0)
                    .putShort((short) 0).putInt((int) crc.getValue()).putInt(deflated.length).putInt((int) declaredSize)
                    .putShort((short) nameBytes.length).putShort((short) 0).put(nameBytes);
            ByteBuffer central = ByteBuffer.allocate(46 + nameBytes.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            central.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0).putShort((short) 8)
                    .putShort((short) 0).putShort((short) 0).putInt((int) crc.getValue()).putInt(deflated.length)
                    .putInt((int) declaredSize).putShort((short) nameBytes.length).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putInt(0).putInt(cdOffset).put(nameBytes);
            ByteBuffer end = ByteBuffer.allocate(22).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int newCdOffset = cdOffset + local.capacity() + deflated.length;
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) (entries + 1))
                    .putShort((short) (entries + 1)).putInt(cdSize + central.capacity()).putInt(newCdOffset).putShort((short) 0);
            return concat(java.util.Arrays.copyOf(zip, cdOffset), local.array(), deflated,
                    java.util.Arrays.copyOfRange(zip, cdOffset, cdOffset + cdSize), central.array(), end.array());
        }
    }
}
