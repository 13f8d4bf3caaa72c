import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from "type-graphql";
import type { Surface } from "../../plugins/sdk/surface";
import { SurfaceEnum } from "../shared/surface.type";
import { OwnedBy } from "../shared/authorization";
import { Carousel } from "./carousel.type";
import { carouselsFor, MAX_CAROUSELS } from "./carousels.resolver";
import type { PersonalizationContext } from "./context";
import { User } from "./user.type";

/** `User.carousels` through federation. */
@Resolver(() => User)
export class UserCarouselsResolver {
  @OwnedBy("root.id")
  @FieldResolver(() => [Carousel], {
    description: `This shopper's carousels on a surface (same as \`Query.carousels\` with their userId). At most ${MAX_CAROUSELS}.`,
  })
  async carousels(
    @Root() user: User,
    @Ctx() context: PersonalizationContext,
    @Arg("surface", () => SurfaceEnum, { description: "Where the carousels are shown." }) surface: Surface,
    @Arg("storeId", () => ID, { nullable: true, description: "Only items available at this store." })
    storeId?: string | null,
    @Arg("first", () => Int, {
      nullable: true,
      description: `How many carousels, 1–${MAX_CAROUSELS}; default per surface.`,
    })
    first?: number | null,
  ): Promise<Carousel[]> {
    return carouselsFor(context, { userId: user.id, surface, storeId, first, categoryId: null });
  }
}
