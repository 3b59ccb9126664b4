package io.docstream.gateway.presence;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/** Deterministic colour of a user: CRC-32 of the user id into a fixed palette (same on every gateway). */
public final class Colors {

    public static final List<String> PALETTE = List.of(
            "#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4",
            "#f032e6", "#9a6324", "#469990", "#800000", "#808000", "#000075");

    private Colors() {}

    public static String of(String userId) {
        CRC32 crc = new CRC32();
        crc.update(userId.getBytes(StandardCharsets.UTF_8));
        return PALETTE.get((int) (crc.getValue() % PALETTE.size()));
    }
}
