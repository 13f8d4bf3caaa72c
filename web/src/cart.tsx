import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

interface Cart {
  /** Product ids in the order they were added (one line a product). */
  items: string[];
  add(productId: string): void;
  remove(productId: string): void;
}

const CartContext = createContext<Cart>({ items: [], add: () => undefined, remove: () => undefined });

/** The cart: product ids held in the page (a real shop keeps it on its server). */
export function CartProvider({ children }: { children: ReactNode }) {
  const [items, setItems] = useState<string[]>([]);
  const add = useCallback(
    (productId: string) => setItems((current) => (current.includes(productId) ? current : [...current, productId])),
    [],
  );
  const remove = useCallback(
    (productId: string) => setItems((current) => current.filter((id) => id !== productId)),
    [],
  );
  const value = useMemo(() => ({ items, add, remove }), [items, add, remove]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

/** The cart of this page (shared by every page of the app). */
export function useCart(): Cart {
  return useContext(CartContext);
}
