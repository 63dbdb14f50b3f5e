package dev.unfreeze.training.engine;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import dev.unfreeze.training.api.LayerGroup;
import dev.unfreeze.training.api.ModelLayout;
import dev.unfreeze.training.api.Recipe;
import dev.unfreeze.training.api.RecipeHead;
import dev.unfreeze.training.api.UnfreezeException;
import dev.unfreeze.training.catalog.BackboneLoader;
import dev.unfreeze.training.catalog.ModelMetadata;
import dev.unfreeze.training.catalog.ResolvedModel;
import dev.unfreeze.training.catalog.StageFeatures;
import dev.unfreeze.training.data.Preprocessing;
import dev.unfreeze.training.runtime.AdaptedNetwork;
import dev.unfreeze.training.runtime.HeadBlocks;
import dev.unfreeze.training.runtime.SmallCnn;
import java.util.List;

/**
 * A pretrained backbone with a new head, ready to train, evaluate or export: the DJL model, the
 * network, its layer groups and the preprocessing its inputs need.
 */
public final class AdaptedModel implements AutoCloseable {
    private final Model model;
    private final AdaptedNetwork network;
    private final List<GroupParameters> groups;
    private final ResolvedModel base;
    private final Preprocessing preprocessing;
    private final List<String> classes;
    private final RecipeHead headSpec;

    private AdaptedModel(Model model, AdaptedNetwork network, List<GroupParameters> groups, ResolvedModel base,
            Preprocessing preprocessing, List<String> classes, RecipeHead headSpec) {
        this.model = model;
        this.network = network;
        this.groups = groups;
        this.base = base;
        this.preprocessing = preprocessing;
        this.classes = List.copyOf(classes);
        this.headSpec = headSpec;
    }

    /**
     * Builds the network. With {@code fromScratch} the same architecture starts from random weights
     * (seeded), the baseline that shows whether transfer helped.
     *
     * @param imageSize the input size, 0 for the model's own
     */
    public static AdaptedModel create(ResolvedModel base, List<String> classes, RecipeHead head, boolean fromScratch,
            int imageSize, long seed, Device device) {
        Engine.getEngine("PyTorch").setRandomSeed((int) seed);
        ModelMetadata meta = base.metadata();
        Model model = Model.newInstance("adapted", device, "PyTorch");
        try {
            NDManager manager = model.getNDManager();
            Block backbone = BackboneLoader.load(base, manager, !fromScratch);
            if (fromScratch && !SmallCnn.ARCHITECTURE.equals(meta.architecture())) {
                randomize(backbone, manager);
            }
            Block headBlock = HeadBlocks.create(head.type().word(), classes.size(), head.hidden(), (float) head.dropout());
            AdaptedNetwork network = head.reads() == RecipeHead.Features.STAGES
                    ? new AdaptedNetwork(backbone, headBlock, stages(meta).dimension(), stages(meta).method())
                    : new AdaptedNetwork(backbone, headBlock, meta.featureDimension());
            int size = imageSize > 0 ? imageSize : meta.inputSize();
            model.setBlock(network);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, meta.channels(), size, size));
            List<GroupParameters> groups = LayerGroups.discover(backbone);
            for (GroupParameters g : groups) {
                g.setTrainable(false);
            }
            Preprocessing preprocessing = Preprocessing.of(size, meta.inputSize(), meta.channels(), meta.mean(), meta.std());
            return new AdaptedModel(model, network, groups, base, preprocessing, classes, head);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The model's stage features, which a head that reads them needs. */
    private static StageFeatures stages(ModelMetadata meta) {
        if (meta.stageFeatures() == null) {
            throw new UnfreezeException("the model '" + meta.id() + "' offers no features from every stage; its head"
                    + " can read only its last group ('head.features': 'last-group')");
        }
        return meta.stageFeatures();
    }

    /** Kaiming-normal weights, unit BatchNorm scales, zero biases and fresh statistics. */
    private static void randomize(Block backbone, NDManager manager) {
        for (Pair<String, Parameter> p : backbone.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (array.getDataType() != DataType.FLOAT32) {
                continue;
            }
            Shape shape = array.getShape();
            NDArray fresh;
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.RUNNING_VAR) {
                fresh = manager.ones(shape);
            } else if (type == Parameter.Type.RUNNING_MEAN || p.getKey().endsWith("bias")) {
                fresh = manager.zeros(shape);
            } else if (shape.dimension() == 1) {
                fresh = manager.ones(shape);
            } else {
                long fanIn = shape.size() / shape.get(0);
                fresh = manager.randomNormal(0, (float) Math.sqrt(2.0 / fanIn), shape, DataType.FLOAT32);
            }
            array.set(fresh.toByteBuffer());
            fresh.close();
        }
    }

    /** The groups as the API shows them, head last. */
    public ModelLayout layout() {
        long headCount = network.head().getParameters().values().stream()
                .mapToLong(p -> p.getArray().getShape().size()).sum();
        List<List<Long>> shapes = GroupShapes.of(network.backbone(), groups, base.metadata(), preprocessing.size());
        List<LayerGroup> described = LayerGroups.describe(groups, shapes, headCount, classes.size());
        return new ModelLayout(base.info(), network.featureDimension(), described);
    }

    public Model model() {
        return model;
    }

    public AdaptedNetwork network() {
        return network;
    }

    /** The backbone's groups, input to output. */
    public List<GroupParameters> groups() {
        return groups;
    }

    public ResolvedModel base() {
        return base;
    }

    public Preprocessing preprocessing() {
        return preprocessing;
    }

    public List<String> classes() {
        return classes;
    }

    public RecipeHead headSpec() {
        return headSpec;
    }

    @Override
    public void close() {
        model.close();
    }
}
