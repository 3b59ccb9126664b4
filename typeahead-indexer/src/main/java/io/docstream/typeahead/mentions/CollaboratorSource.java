package io.docstream.typeahead.mentions;

import java.util.List;

/** Loads the collaborators of one document (the lazy load of a mention index). */
public interface CollaboratorSource {

    List<Collaborator> collaborators(String docId);
}
