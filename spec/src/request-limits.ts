// Limits the spec's per-operation declarations do not cover.

/**
 * The most body bytes read for an operation that documents no limit (`x-timkit-max-body-bytes`): Tencent
 * gives 12 KB for every command it documents one for, so 1 MiB is far beyond any real request, and keeps a
 * mock or a server from buffering an endless upload.
 */
export const undocumentedBodyLimitBytes = 1024 * 1024;
