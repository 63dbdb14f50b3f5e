package dev.unfreeze.app.worker;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.unfreeze.training.api.Json;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeCodec;
import dev.unfreeze.training.api.TrainingEvent;
import java.nio.file.Path;

/**
 * A line of the worker protocol, in either direction: {@link Request}s from the client, {@link Reply}s from the
 * worker. The {@code type} field names the message; {@link WorkerProtocol} adds and checks the version.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WorkerMessage.Start.class, name = "start"),
    @JsonSubTypes.Type(value = WorkerMessage.ResumeRun.class, name = "resume-run"),
    @JsonSubTypes.Type(value = WorkerMessage.Pause.class, name = "pause"),
    @JsonSubTypes.Type(value = WorkerMessage.Resume.class, name = "resume"),
    @JsonSubTypes.Type(value = WorkerMessage.Cancel.class, name = "cancel"),
    @JsonSubTypes.Type(value = WorkerMessage.Detach.class, name = "detach"),
    @JsonSubTypes.Type(value = WorkerMessage.Ready.class, name = "ready"),
    @JsonSubTypes.Type(value = WorkerMessage.Event.class, name = "event"),
    @JsonSubTypes.Type(value = WorkerMessage.Error.class, name = "error")
})
@JsonIgnoreProperties({"protocol"})
public sealed interface WorkerMessage {
    /** What the client asks. */
    sealed interface Request extends WorkerMessage {}

    /** What the worker says. */
    sealed interface Reply extends WorkerMessage {}

    /**
     * Train a new run into {@code runDir}. The recipe travels as the recipe codec writes it and is read back by the
     * codec, which reports unknown fields and bad values in its own words.
     */
    record Start(String runDir, @JsonProperty("recipe") JsonNode recipeJson) implements Request {
        static Start of(Path runDir, Recipe recipe) {
            try {
                return new Start(runDir.toAbsolutePath().toString(), Json.mapper().readTree(RecipeCodec.toJson(recipe)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a recipe is always serialisable", e);
            }
        }

        /** The recipe, read and checked by the codec. */
        Recipe recipe() {
            return RecipeCodec.parse(recipeJson == null ? "null" : recipeJson.toString());
        }
    }

    /** Continue the run in {@code runDir} from its last checkpoint. */
    record ResumeRun(String runDir) implements Request {}

    /** Pause after the current step. */
    record Pause() implements Request {}

    /** Go on after a pause. */
    record Resume() implements Request {}

    /** Stop, keeping the last checkpoint. */
    record Cancel() implements Request {}

    /** Finish the run even when the client goes away. */
    record Detach() implements Request {}

    /** The worker is up, with its process id. */
    record Ready(long pid) implements Reply {}

    /** One of the run's events. */
    record Event(TrainingEvent event) implements Reply {}

    /** A request the worker could not take, and why. */
    record Error(String message) implements Reply {}
}
