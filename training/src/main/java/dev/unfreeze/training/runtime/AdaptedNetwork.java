package dev.unfreeze.training.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.Arrays;
import java.util.List;

/**
 * A pretrained backbone with a new head on its features. The backbone's BatchNorm layers run in
 * inference mode unless statistics may adapt, which is what keeps frozen groups bit-identical.
 */
public final class AdaptedNetwork extends AbstractBlock {
    private static final byte VERSION = 1;
    /** The TorchScript method that returns the last layer group's activations before pooling. */
    public static final String FEATURE_MAP_METHOD = "feature_map";

    private final Block backbone;
    private final Block head;
    private final int featureDimension;
    private final String featureMethod;
    private volatile boolean adaptStatistics;
    private volatile boolean inputIsFeatures;

    /**
     * Joins a backbone and a head.
     *
     * @param backbone maps images to features (N x D, or N x C x H x W which is average-pooled)
     * @param head maps N x D features to class scores
     * @param featureDimension D
     */
    public AdaptedNetwork(Block backbone, Block head, int featureDimension) {
        this(backbone, head, featureDimension, null);
    }

    /**
     * Joins a backbone and a head that reads what one of the backbone's TorchScript methods returns (its stages'
     * features) instead of its forward pass; only for a frozen backbone, whose features are an inference-mode pass.
     *
     * @param featureMethod the method, null for the forward pass
     */
    public AdaptedNetwork(Block backbone, Block head, int featureDimension, String featureMethod) {
        super(VERSION);
        this.backbone = addChildBlock("backbone", backbone);
        this.head = addChildBlock("head", head);
        this.featureDimension = featureDimension;
        this.featureMethod = featureMethod;
        if (featureMethod != null && !(backbone instanceof PtSymbolBlock)) {
            throw new IllegalArgumentException("only a TorchScript backbone has the method " + featureMethod);
        }
    }

    /** The pretrained part. */
    public Block backbone() {
        return backbone;
    }

    /** The new classification head. */
    public Block head() {
        return head;
    }

    /** The size of the feature vector the head reads. */
    public int featureDimension() {
        return featureDimension;
    }

    /** The backbone's TorchScript method the head reads, or null for its forward pass. */
    public String featureMethod() {
        return featureMethod;
    }

    /** Whether the backbone's BatchNorm layers update their statistics while training. */
    public void setAdaptStatistics(boolean adapt) {
        this.adaptStatistics = adapt;
    }

    /** When true, inputs are already backbone features (the feature cache) and skip the backbone. */
    public void setInputIsFeatures(boolean features) {
        this.inputIsFeatures = features;
    }

    /** Runs only the backbone, pooled to N x D. */
    public NDList features(ParameterStore store, NDList images, boolean training) {
        NDList out;
        if (featureMethod != null) {
            return new NDList(methodOutput((PtSymbolBlock) backbone, featureMethod, images.singletonOrThrow()));
        }
        if (backbone instanceof PtSymbolBlock script) {
            // TorchScript ties BatchNorm's behaviour to the module's mode, and DJL runs an eval-mode
            // forward without autograd. Set the mode here and keep autograd on while training, so that
            // frozen statistics and gradients for thawed groups go together.
            if (training && adaptStatistics) {
                JniUtils.enableTrainingMode(script);
            } else {
                JniUtils.enableInferenceMode(script);
            }
            out = IValueUtils.forward(script, images, training);
            if (!training) {
                // An eval-mode forward returns inference tensors, which a head with trainable
                // weights may not consume; a copy is an ordinary tensor.
                NDList copies = new NDList();
                for (NDArray a : out) {
                    copies.add(a.duplicate());
                    a.close();
                }
                out = copies;
            }
        } else {
            out = backbone.forward(store, images, training && adaptStatistics, null);
        }
        return new NDList(pooled(out.singletonOrThrow()));
    }

    /**
     * Whether the last convolutional group's activations can be reached, which Grad-CAM needs: a TorchScript
     * backbone that offers them as {@value #FEATURE_MAP_METHOD} (the bundled one does), or a backbone built here as
     * a chain of blocks that ends in its pooling (the small CNN).
     */
    public boolean hasFeatureMap() {
        if (featureMethod != null) {
            // the head reads every stage, not only the last group's map that Grad-CAM weighs
            return false;
        }
        if (backbone instanceof PtSymbolBlock script) {
            return Arrays.asList(JniUtils.getMethodNames(script)).contains(FEATURE_MAP_METHOD);
        }
        return backbone instanceof SequentialBlock chain && chain.getChildren().size() > 1;
    }

    /**
     * The last convolutional group's activations for normalised images, N x C x H x W, in inference mode and cut
     * from whatever computed them, so that gradients can start there. Only when {@link #hasFeatureMap()}.
     */
    public NDArray featureMap(ParameterStore store, NDArray images) {
        if (backbone instanceof PtSymbolBlock script) {
            return methodOutput(script, FEATURE_MAP_METHOD, images);
        }
        List<Block> blocks = ((SequentialBlock) backbone).getChildren().values();
        NDList x = new NDList(images);
        for (Block block : blocks.subList(0, blocks.size() - 1)) {
            x = block.forward(store, x, false);
        }
        return x.singletonOrThrow().duplicate();
    }

    /** The head's class scores (before softmax) for a feature map, pooled as {@link #features} pools the backbone's output. */
    public NDArray scoresFromFeatureMap(ParameterStore store, NDArray map) {
        return head.forward(store, new NDList(pooled(map)), false).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList features = inputIsFeatures ? inputs : features(store, inputs, training);
        return head.forward(store, features, training, params);
    }

    /** What a TorchScript method returns for the images, in inference mode, as an ordinary tensor. */
    private static NDArray methodOutput(PtSymbolBlock script, String method, NDArray images) {
        JniUtils.enableInferenceMode(script);
        try (IValue input = IValue.from((PtNDArray) images);
             IValue output = IValueUtils.runMethod(script, method, input)) {
            NDArray result = output.toTensor((PtNDManager) images.getManager());
            // an inference-mode result may not take part in autograd; a copy may
            NDArray copy = result.duplicate();
            result.close();
            return copy;
        }
    }

    private static NDArray pooled(NDArray out) {
        if (out.getShape().dimension() == 4) {
            // PyTorch's DJL binding averages over one axis at a time.
            return out.mean(new int[] {3}).mean(new int[] {2});
        }
        if (out.getShape().dimension() != 2) {
            throw new IllegalStateException("the backbone returned shape " + out.getShape()
                    + "; expected N x D or N x C x H x W features");
        }
        return out;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return head.getOutputShapes(new Shape[] {new Shape(inputShapes[0].get(0), featureDimension)});
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        if (!backbone.isInitialized()) {
            backbone.initialize(manager, dataType, inputShapes);
        }
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), featureDimension));
    }
}
