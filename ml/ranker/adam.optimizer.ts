/** Adam (Kingma & Ba) over a flat parameter array, with optional L2 weight decay added to the gradient. */
export class AdamOptimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private step = 0;

  constructor(
    size: number,
    private readonly learningRate = 0.002,
    private readonly weightDecay = 1e-5,
    private readonly beta1 = 0.9,
    private readonly beta2 = 0.999,
    private readonly epsilon = 1e-8,
  ) {
    this.m = new Float32Array(size);
    this.v = new Float32Array(size);
  }

  /** One update of `parameters` with `grad` (already averaged over the batch). */
  update(parameters: Float32Array, grad: Float32Array): void {
    this.step += 1;
    const c1 = 1 - Math.pow(this.beta1, this.step);
    const c2 = 1 - Math.pow(this.beta2, this.step);
    const rate = this.learningRate;
    for (let i = 0; i < parameters.length; i += 1) {
      const g = grad[i]! + this.weightDecay * parameters[i]!;
      const m = (this.m[i] = this.beta1 * this.m[i]! + (1 - this.beta1) * g);
      const v = (this.v[i] = this.beta2 * this.v[i]! + (1 - this.beta2) * g * g);
      parameters[i]! -= (rate * (m / c1)) / (Math.sqrt(v / c2) + this.epsilon);
    }
  }
}
