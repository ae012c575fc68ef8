package io.sluice.ts;

/**
 * One program of the PAT (ISO/IEC 13818-1 §2.4.4.3) and what its PMT says.
 *
 * @param programNumber program_number
 * @param pmtPid program_map_PID
 * @param pcrPid PCR_PID from the PMT, or null before the PMT arrived (0x1FFF: no PCR)
 * @param pmtVersion version_number of the PMT in force, or null
 */
public record ProgramInfo(int programNumber, int pmtPid, Integer pcrPid, Integer pmtVersion) {}
