package vn.ansinh.payout.imports.service;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The budgets of one imported list (ansinh.imports.*); the file's own size is ansinh.imports.max-file-size. */
@ConfigMapping(prefix = "ansinh.imports")
public interface ImportConfig {

    /** The uploaded file, before it is read (enforced on the bytes received, see BodyBudgets). */
    @WithDefault("64M")
    MemorySize maxFileSize();

    /** Rows after the header: a province's list is some tens of thousands. */
    @WithDefault("200000")
    long maxRows();

    @WithDefault("64")
    int maxColumns();

    /** Characters in one row (all its cells, quoted line breaks included). */
    @WithDefault("16384")
    int maxLineLength();

    /** Entries of an XLSX (a workbook of one sheet has about ten). */
    @WithDefault("1000")
    int maxEntries();

    /** Bytes inflated from an XLSX in all, counted as they are inflated. */
    @WithDefault("256M")
    MemorySize maxExpandedSize();

    /** How many times its compressed size one XLSX entry may inflate to (spreadsheet XML: 5 to 30 times). */
    @WithDefault("200")
    int maxRatio();

    /** How many shared strings an XLSX may hold (kept in memory while its sheet is read). */
    @WithDefault("2000000")
    int maxSharedStringCount();

    /** The memory an XLSX's shared strings may take (two bytes a character, kept while its sheet is read). */
    @WithDefault("32M")
    MemorySize maxSharedStringsSize();

    /** Characters in one cell (a shared string or a cell's own value). */
    @WithDefault("4096")
    int maxCellLength();

    /** Bytes of one XML token of an XLSX part (a text between tags, or a tag with its attributes). */
    @WithDefault("64K")
    MemorySize maxTokenSize();

    /** Nesting of an XLSX part's XML elements (a sheet needs 5). */
    @WithDefault("64")
    int maxXmlDepth();

    /**
     * Imports a replica parses at once (each holds up to max-shared-strings-size of shared strings and its
     * parser's buffers): one more is answered 503 with Retry-After, never queued in memory.
     */
    @WithDefault("2")
    int maxConcurrent();
}
