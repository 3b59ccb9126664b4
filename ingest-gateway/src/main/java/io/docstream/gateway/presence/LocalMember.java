package io.docstream.gateway.presence;

import java.util.UUID;
import java.util.function.Consumer;

/** A socket on this gateway that has joined a document: who it is and how to send to it. */
public record LocalMember(int site, UUID userId, String name, Consumer<String> sender) {}
