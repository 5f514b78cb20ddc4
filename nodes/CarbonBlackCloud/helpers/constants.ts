/** Searches by alert ID must not fall back to the API's default two-week time range. */
export const ALL_TIME_START = '2014-01-01T00:00:00.000Z';

/** Alert IDs per bulk search or bulk workflow request. */
export const ID_CHUNK_SIZE = 1_000;

export const NOTE_MAX_LENGTH = 20_000;
