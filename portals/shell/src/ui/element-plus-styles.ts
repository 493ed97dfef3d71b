// Element Plus' stylesheet, loaded with the library when the layout is entered (element-plus.ts).
import 'element-plus/dist/index.css';
